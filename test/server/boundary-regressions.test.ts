/**
 * Ways around the trust boundary found by reviewing it from outside, each a regression test: entity
 * limits through variable defaults, client mistakes that were faults, profile growth, resets that
 * left sessions alive, forged forwarding headers, login lookups beyond the address budget.
 */
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { DEFAULT_POLICIES } from '../../src/limits/attempt-limiter.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename } }`;
const MAX_ENTITIES = 20;

let stack: Stack;
let logs: LogCapture;
beforeAll(async () => {
  logs = captureLogs();
  stack = await startStack(
    { GRAPHQL_MAX_ENTITIES: String(MAX_ENTITIES), GRAPHQL_BATCHING: 'true', GRAPHQL_MAX_BATCH: '2' },
    { logStream: logs.stream, logLevel: 'debug' },
  );
});
afterAll(() => stack?.stop());

const errorLines = (from: number) =>
  logs
    .records()
    .slice(from)
    .filter((r) => (r.level ?? 0) >= 50)
    .map((r) => `${r.msg}: ${(r.err as { message?: string } | undefined)?.message ?? ''}`);

describe('entity limit', () => {
  it('counts representations given as a variable default value', async () => {
    const token = await stack.demoToken();
    const reps = Array.from(
      { length: MAX_ENTITIES * 3 },
      (_, i) => `{ __typename: "TradingAccount", id: "${3_000_000_000 + i}" }`,
    ).join(' ');
    stack.service.counters.reset();
    const res = await stack.gql(
      `query($r: [_Any!]! = [${reps}]) { _entities(representations: $r) { __typename } }`,
      {},
      token,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'entities' });
    expect(stack.service.counters.total).toBe(0);
  });
});

describe('refusals', () => {
  it('a batch over the limit names its limit, like every other refusal', async () => {
    const res = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 3 }, () => ({ query: '{ __typename }' }))),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'batch' });
  });
});

/** Sends raw bytes and answers the status line and body. */
function raw(request: string): Promise<string> {
  const { port } = new URL(stack.server.url);
  return new Promise((resolve) => {
    let data = '';
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
  });
}

describe('client mistakes are not faults', () => {
  it.each([
    [
      'an APQ hash that does not match the query',
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
    ],
    [
      'an APQ version this server does not know',
      { extensions: { persistedQuery: { version: 2, sha256Hash: 'abc' } } },
    ],
    ['a subscription (the schema has none)', { query: 'subscription { me { id } }' }],
  ])('%s: a client code, no error-level line', async (_name, body) => {
    const from = logs.lines.length;
    const res = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(json.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
    expect(errorLines(from)).toEqual([]);
  });

  it('a request target that is no URL: 400, no error-level line', async () => {
    const from = logs.lines.length;
    const answer = await raw('GET http://[/graphql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).not.toContain('INTERNAL_SERVER_ERROR');
    expect(errorLines(from)).toEqual([]);
  });

  it('a profile grown by its owner past what the account service accepts: refused by the layer, not INTERNAL_SERVER_ERROR', async () => {
    const token = await stack.login(DEMO_USERS.demo.email, DEMO_USERS.demo.password);
    const from = logs.lines.length;
    const update = `mutation($input: ProfileUpdateInput!) { updateProfile(input: $input) { __typename } }`;
    const answers = new Set<string>();
    for (let round = 0; round < 30; round++) {
      const extra = () =>
        Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${round}_${i}`, 'x'.repeat(40)]));
      const res = await stack.gql(
        update,
        {
          input: {
            base: { extraFields: extra() },
            cert: { extraFields: extra() },
            finance: { extraFields: extra() },
          },
        },
        token,
      );
      answers.add(String(res.errors?.[0]?.extensions?.code ?? res.data?.updateProfile?.__typename));
    }
    expect([...answers].filter((a) => a !== 'UpdateProfilePayload' && a !== 'ValidationError')).toEqual([]);
    expect(errorLines(from)).toEqual([]);
  });
});

describe('a password reset ends the sessions', () => {
  it('of a user whose phone is part of 100 earlier phones', async () => {
    const store = stack.service.store;
    store.transaction(() => {
      for (let i = 0; i < 120; i++) {
        store.insertUser(DEV_TENANT.id, {
          name: `p${i}`,
          phone: `138000${String(i).padStart(5, '0')}`,
          passwordHash: 'x',
          registerTime: 1_600_000_000_000 + i,
        });
      }
    });
    await store.createUser(DEV_TENANT.id, { name: 'Shorty', phone: '138000', password: 'Shorty1234' });
    const stolen = await stack.login('138000', 'Shorty1234');
    const admin = await stack.adminToken();
    const code = (
      await stack.gql(
        `mutation { requestPhoneCode(input: { phone: "138000", purpose: RESET_PASSWORD, returnCode: true }) { ... on PhoneCodeRequest { code } } }`,
        {},
        admin,
      )
    ).data?.requestPhoneCode.code;
    const ticket = (
      await stack.gql(
        `mutation($c: String!) { verifyPhoneCode(input: { phone: "138000", code: $c }) { ... on PhoneTicket { ticket } } }`,
        { c: code },
      )
    ).data?.verifyPhoneCode.ticket;
    const reset = await stack.gql(
      `mutation($t: String!) { resetPasswordByPhone(input: { phone: "138000", ticket: $t, newPassword: "NewPass1234" }) { __typename } }`,
      { t: ticket },
    );
    expect(reset.data?.resetPasswordByPhone.__typename).toBe('PasswordReset');
    const me = await stack.gql('{ me { id } }', {}, stolen);
    expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

/** A non-loopback IPv4 address of this machine, if it has one. */
const lanAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

describe.skipIf(!lanAddress)('review: EXPOSE_CODES behind TRUST_PROXY_HOPS', () => {
  let exposed: Stack;
  beforeAll(async () => {
    exposed = await startStack({ EXPOSE_CODES: 'true', TRUST_PROXY_HOPS: '1', HOST: '0.0.0.0' });
  });
  afterAll(() => exposed?.stop());

  it('refuses a caller on another interface that writes its own X-Forwarded-For: 127.0.0.1', async () => {
    const { port } = new URL(exposed.server.url);
    const res = await fetch(`http://${lanAddress}:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' },
      body: JSON.stringify({
        query: `mutation { requestPhoneCode(input: { phone: "${DEMO_USERS.demo.phone}", purpose: RESET_PASSWORD, returnCode: true }) { __typename ... on PhoneCodeRequest { code } } }`,
      }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('login lookups', () => {
  // A stack of its own: once fixed, this caller's address may be over its budget.
  let own: Stack;
  beforeAll(async () => {
    own = await startStack();
  });
  afterAll(() => own?.stop());

  it('stay within the address budget once a name is over its own (refused attempts refund the address)', async () => {
    const name = 'review-lookup';
    for (let i = 0; i < DEFAULT_POLICIES.login.perTarget.max; i++) {
      await own.gql(LOGIN, { input: { loginName: name, password: 'Wrong1234' } });
    }
    own.service.counters.reset();
    const attempts = DEFAULT_POLICIES.login.perAddress.max + 50;
    for (let i = 0; i < attempts; i++) {
      const res = await own.gql(LOGIN, { input: { loginName: name, password: 'Wrong1234' } });
      expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    // Today every refused attempt runs the account lookup (a UserName search, up to 5 pages each),
    // and the address gets its count back, so one anonymous caller searches without limit.
    expect(own.service.counters.bySection['2.7'] ?? 0).toBeLessThanOrEqual(
      DEFAULT_POLICIES.login.perAddress.max,
    );
  });
});
