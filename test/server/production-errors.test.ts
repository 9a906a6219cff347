/**
 * Errors as a production deployment shows them: no stack traces, no internal messages, and every
 * masked error carries the request id that its log line carries too. The upstream is the fault stub,
 * because the real account service never answers with an mcode this project does not know.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_TENANT } from '../../src/account-service/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type GraphQLServer, startGraphQLServer } from '../../src/server/server.js';
import { answer, type FaultUpstream, startFaultUpstream } from '../helpers/fault-upstream.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import type { Json } from '../helpers/stack.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Session { token } } }`;
const UNKNOWN_MCODE = 'm9999999';

let fault: FaultUpstream;
let server: GraphQLServer;
let logs: LogCapture;

beforeAll(async () => {
  fault = await startFaultUpstream();
  const apiKey = 'production-tenant-key-for-tests';
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    LWORK_API_URL: fault.url,
    LWORK_TENANT_ID: DEV_TENANT.id,
    LWORK_API_KEY: apiKey,
    SESSION_SECRET: 'production-session-secret-that-is-long-enough',
  });
  expect(config.devMode).toBe(false);
  logs = captureLogs();
  server = await startGraphQLServer(config, createLogger('info', logs.stream));
});
afterAll(async () => {
  await server?.stop();
  await fault?.close();
});

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as Json };
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  }
  return [];
}

describe('an unexpected upstream answer in production', () => {
  it('is masked as INTERNAL_SERVER_ERROR with the client-sent request id, and logged with it', async () => {
    fault.script(answer(200, { result: false, mcode: UNKNOWN_MCODE }));
    const requestId = 'prod-masked-1';
    const res = await post(
      { query: LOGIN, variables: { input: { loginName: 'someone@example.com', password: 'Secret123' } } },
      { 'x-request-id': requestId },
    );

    expect(res.headers.get('x-request-id')).toBe(requestId);
    expect(res.json.errors).toEqual([
      {
        message: 'Internal server error',
        path: ['login'],
        locations: expect.any(Array),
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      },
    ]);
    expect(keysOf(res.json)).not.toContain('stacktrace');
    // Nothing of the upstream's answer or of our error classes reaches the client.
    expect(res.text).not.toContain(UNKNOWN_MCODE);
    expect(res.text).not.toMatch(/UpstreamError|rejected|account service|\.ts:\d+/i);

    const line = logs.records().find((r) => r.requestId === requestId && r.mcode === UNKNOWN_MCODE);
    // A fault an operator must act on: error level, with the stack.
    expect(line).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      errorCode: 'UPSTREAM_REJECTED',
      section: expect.any(String),
      path: ['login'],
      err: { stack: expect.any(String) },
    });
  });

  it('generates a request id when the client sends none (or an unusable one) and answers it in the header', async () => {
    fault.script(answer(200, { result: false, mcode: UNKNOWN_MCODE }));
    const cases: Array<Record<string, string>> = [{}, { 'x-request-id': 'bad id with spaces' }];
    for (const headers of cases) {
      const res = await post(
        { query: LOGIN, variables: { input: { loginName: 'someone@example.com', password: 'Secret123' } } },
        headers,
      );
      const requestId = res.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.json.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
      expect(logs.records().some((r) => r.requestId === requestId && r.mcode === UNKNOWN_MCODE)).toBe(true);
    }
  });

  it('writes one access line per request with the status and operation name, never the variables', async () => {
    fault.script(answer(200, { result: false, mcode: UNKNOWN_MCODE }));
    const requestId = 'prod-access-1';
    await post(
      {
        query: LOGIN.replace('mutation(', 'mutation SignIn('),
        operationName: 'SignIn',
        variables: { input: { loginName: 'access@example.com', password: 'AccessSecret123' } },
      },
      { 'x-request-id': requestId },
    );
    const access = logs.records().filter((r) => r.requestId === requestId && r.msg === 'graphql request');
    expect(access).toEqual([
      expect.objectContaining({
        method: 'POST',
        operationName: 'SignIn',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    const mine = logs.lines.filter((l) => l.includes(requestId)).join('\n');
    expect(mine).not.toContain('AccessSecret123');
    expect(mine).not.toContain('access@example.com');
  });
});

describe('client errors in production', () => {
  it('carry their code and no stack trace, and no request id (nothing was masked)', async () => {
    const parse = await post({ query: '{ me { ' });
    expect(parse.status).toBe(400);
    expect(parse.json.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });

    const unauthenticated = await post({ query: '{ me { id } }' });
    expect(unauthenticated.json.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });

    for (const res of [parse, unauthenticated]) expect(keysOf(res.json)).not.toContain('stacktrace');
  });

  it('logs requests refused before execution too (a body that is not JSON)', async () => {
    const requestId = 'prod-refused-1';
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: '{ not json',
    });
    expect(res.status).toBe(400);
    expect(logs.records().filter((r) => r.requestId === requestId && r.msg === 'graphql request')).toEqual([
      expect.objectContaining({ method: 'POST', status: 400 }),
    ]);
  });
});
