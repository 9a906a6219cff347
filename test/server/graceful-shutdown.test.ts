/**
 * Graceful shutdown: a request in flight when the server stops gets its whole answer; a request
 * made after the stop began is refused. Once in process through `stop()`, once through the real
 * `npm start` entry point and SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { startServerProcess } from '../helpers/server-process.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Json;
}

/**
 * A POST on a fresh connection (no pooled keep-alive socket), so "refused" means the listener is
 * closed rather than a reused socket being cut. `sent` resolves once the request is fully written.
 */
function post(
  url: string,
  body: unknown,
  token?: string,
): { sent: Promise<void>; response: Promise<RawResponse> } {
  let markSent: () => void = () => {};
  const sent = new Promise<void>((resolve) => {
    markSent = resolve;
  });
  const response = new Promise<RawResponse>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('finish', markSent);
    req.end(JSON.stringify(body));
  });
  return { sent, response };
}

const ME = { query: '{ me { id name phone } }' };
const LOGIN = {
  query: `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Session { token user { id } } } }`,
  variables: { input: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password } },
};

describe('stop() in process', () => {
  let stack: Stack | undefined;
  afterEach(async () => {
    await stack?.service.close();
    stack = undefined;
  });

  it('lets the in-flight request finish with its data and refuses a new one', async () => {
    stack = await startStack({}, { serviceDelayMs: 300 });
    const token = await stack.demoToken();
    const { service, server } = stack;

    const inFlight = post(server.url, ME, token).response;
    inFlight.catch(() => {}); // awaited below
    // In flight means: the account service is holding the upstream call of this request.
    while (service.counters.inFlight === 0) await sleep(5);

    const stopped = server.stop();
    await expect(post(server.url, ME, token).response).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { me: { id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name, phone: DEMO_USERS.demo.phone } },
    });
    // The answer told the client not to reuse the connection.
    expect(answer.headers.connection).toBe('close');
    await stopped;
  });
});

describe('SIGTERM to npm start', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('finishes the in-flight request, refuses new ones and exits 0', async () => {
    const server = await startServerProcess(['--import', 'tsx', 'src/main.ts'], {
      ...process.env,
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'warn',
      ACCOUNT_SERVICE_PORT: '0',
      ACCOUNT_SERVICE_DB: ':memory:',
      ACCOUNT_SERVICE_DELAY_MS: '1000',
    });
    child = server.process;
    const { url } = server;

    const login = post(url, LOGIN);
    // Awaited below; until then a failure must not count as unhandled.
    login.response.catch(() => {});
    await login.sent;
    // Well inside the second the account service holds the call, even on a busy machine.
    await sleep(300);
    server.process.kill('SIGTERM');
    await sleep(50);
    await expect(post(url, LOGIN).response).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const answer = await login.response;
    expect(answer.status).toBe(200);
    expect(answer.body.data.login).toEqual({
      __typename: 'Session',
      token: expect.any(String),
      user: { id: DEMO_USERS.demo.id },
    });
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toBe('');
  }, 30_000);
});
