import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSessionSigner } from '../../src/auth/session.js';
import { createLogger } from '../../src/logger.js';
import type { GraphQLServer } from '../../src/server/server.js';
import { answer, type FaultUpstream, hang, ok, startFaultUpstream } from '../helpers/fault-upstream.js';
import { captureLogs } from '../helpers/log-capture.js';
import { startServerOver, TEST_SESSION_SECRET } from '../helpers/server-over.js';
import type { Json } from '../helpers/stack.js';

const DETAIL = { username: 'Test', email: 't@example.com', phone: '15900000001', accounts: [] };
const SEARCH_EMPTY = { list: [], offset: 0, pager: 1, pages: 0, size: 1, total: 0 };

let upstream: FaultUpstream;
let server: GraphQLServer;
const token = createSessionSigner(TEST_SESSION_SECRET, 3600).issue('u-1').token;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  server = await startServerOver(upstream.url, {
    LWORK_REQUEST_TIMEOUT_MS: '300',
    LWORK_GET_RETRIES: '2',
    LWORK_BREAKER_THRESHOLD: '3',
    LWORK_BREAKER_COOLDOWN_MS: '400',
  });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});
beforeEach(async () => {
  // Each test starts with a healthy upstream and a closed circuit.
  upstream.script(ok(DETAIL));
  await me();
  upstream.requests.length = 0;
});

async function me(): Promise<Json> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { id nickname } }' }),
  });
  return res.json();
}

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Error { message } } }`;
const codeOf = (body: Json) => body.errors?.[0]?.extensions?.code;

describe('upstream faults seen through GraphQL', () => {
  it('gives UPSTREAM_TIMEOUT for a hanging upstream, within the configured budget', async () => {
    upstream.script(hang);
    const started = Date.now();
    const body = await me();
    expect(codeOf(body)).toBe('UPSTREAM_TIMEOUT');
    expect(body.data.me.nickname).toBeNull();
    expect(body.errors[0].path).toEqual(['me', 'nickname']);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('retries 500/502/503 on a GET, then gives UPSTREAM_UNAVAILABLE', async () => {
    upstream.script(answer(503, 'unavailable'));
    expect(codeOf(await me())).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests).toHaveLength(3);
  });

  it('gives UPSTREAM_BAD_RESPONSE for garbage and for a wrong shape', async () => {
    upstream.script(answer(200, 'not json at all'));
    expect(codeOf(await me())).toBe('UPSTREAM_BAD_RESPONSE');
    upstream.script(ok({ accounts: 'not a list' }));
    expect(codeOf(await me())).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('turns an upstream 429 into RATE_LIMITED with its Retry-After', async () => {
    upstream.script(answer(429, 'busy', { 'retry-after': '12' }));
    const body = await me();
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 12 });
  });

  it('sends a failing POST exactly once', async () => {
    // The login name's account lookup (an Email and a UserName search) finds nobody; the login fails.
    upstream.script(ok(SEARCH_EMPTY), ok(SEARCH_EMPTY), answer(503, 'unavailable'));
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { login(input: { loginName: "a@example.com", password: "x" }) { __typename } }',
      }),
    });
    expect(codeOf(await res.json())).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('masks an unknown upstream rejection as INTERNAL_SERVER_ERROR with a request id', async () => {
    upstream.script(answer(200, { result: false, mcode: 'm9999999' }));
    const body = await me();
    expect(body.errors[0].message).toBe('Internal server error');
    expect(body.errors[0].extensions.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toContain('m9999999');
  });

  it('opens the circuit after consecutive failures, fails fast, and recovers with the upstream', async () => {
    upstream.script(answer(503, 'unavailable'));
    for (let i = 0; i < 3; i++) expect(codeOf(await me())).toBe('UPSTREAM_UNAVAILABLE');
    const sent = upstream.requests.length;

    // Open: the upstream is not even asked.
    upstream.script(ok(DETAIL));
    expect(codeOf(await me())).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests.length).toBe(sent);

    // After the cool-down one probe goes through and, succeeding, closes the circuit.
    await new Promise((r) => setTimeout(r, 450));
    const recovered = await me();
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data.me).toEqual({ id: 'u-1', nickname: null });
  });

  it('reports the upstream state on /readyz', async () => {
    const readyz = async () => {
      const res = await fetch(`${server.origin}/readyz`);
      return { status: res.status, body: (await res.json()) as Json };
    };
    upstream.script(ok(SEARCH_EMPTY));
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await readyz()).toMatchObject({ status: 200, body: { ready: true, upstream: 'ok' } });

    upstream.script(answer(200, '<html>'));
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await readyz()).toMatchObject({ status: 503, body: { ready: false, upstream: 'bad_response' } });

    upstream.script(answer(401, { result: false, mcode: 'm0000403' }));
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await readyz()).toMatchObject({
      status: 503,
      body: { ready: false, upstream: 'rejected_credentials' },
    });

    const health = await fetch(`${server.origin}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('circuit breaker under steady traffic', () => {
  it('closes again once the upstream recovers, even while callers keep coming', async () => {
    upstream.script(answer(503, 'unavailable'));
    for (let i = 0; i < 3; i++) await me();
    upstream.script(ok(DETAIL));
    // Callers arrive faster than the cool-down: refused calls must not keep the circuit open.
    let recovered = false;
    for (let i = 0; i < 30 && !recovered; i++) {
      recovered = (await me()).errors === undefined;
      if (!recovered) await new Promise((r) => setTimeout(r, 50));
    }
    expect(recovered).toBe(true);
  });
});

describe('an outage in the log', () => {
  it('writes a line when it starts and one when it ends, not one per failed request', async () => {
    // A server of its own: the outages of the tests above would make this one's start a flap.
    const own = captureLogs();
    const logged = await startServerOver(
      upstream.url,
      { LWORK_BREAKER_THRESHOLD: '3', LWORK_BREAKER_COOLDOWN_MS: '400' },
      createLogger('info', own.stream),
    );
    const query = async () => {
      const res = await fetch(logged.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { id nickname } }' }),
      });
      return (await res.json()) as Json;
    };
    try {
      upstream.script(answer(503, 'unavailable'));
      const failed = await Promise.all(Array.from({ length: 40 }, () => query()));
      expect(failed.every((body) => codeOf(body) === 'UPSTREAM_UNAVAILABLE')).toBe(true);
      upstream.script(ok(DETAIL));
      let recovered = false;
      for (let i = 0; i < 30 && !recovered; i++) {
        recovered = (await query()).errors === undefined;
        if (!recovered) await new Promise((r) => setTimeout(r, 50));
      }
      expect(recovered).toBe(true);

      const lines = own.records();
      expect(lines.filter((r) => r.msg === 'graphql request').length).toBeGreaterThan(40);
      expect(lines.filter((r) => r.msg !== 'graphql request').map((r) => [r.level, r.msg])).toEqual([
        [40, 'upstream unavailable: upstream-backed fields fail with UPSTREAM_* codes'],
        [30, 'upstream available again'],
      ]);
    } finally {
      await logged.stop();
    }
  });
});

describe('request budget', () => {
  it('ends a request at GRAPHQL_REQUEST_TIMEOUT_MS even when each upstream attempt may take longer', async () => {
    const slow = await startFaultUpstream();
    slow.script(hang);
    const budgeted = await startServerOver(slow.url, {
      LWORK_REQUEST_TIMEOUT_MS: '20000',
      GRAPHQL_REQUEST_TIMEOUT_MS: '300',
    });
    try {
      const res = await fetch(budgeted.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { nickname } }' }),
      });
      const body = (await res.json()) as Json;
      expect(codeOf(body)).toBe('UPSTREAM_TIMEOUT');
    } finally {
      await budgeted.stop();
      await slow.close();
    }
  });
});

describe('a login whose account cannot be looked up', () => {
  it('answers the upstream error and never tries the password under a budget of its own', async () => {
    const upstream = await startFaultUpstream();
    const server = await startServerOver(upstream.url, { LWORK_GET_RETRIES: '0' });
    try {
      upstream.script(answer(503, 'unavailable'));
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: LOGIN,
          variables: { input: { loginName: 'Test', password: 'Guess1234' } },
        }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    } finally {
      await server.stop();
      await upstream.close();
    }
  });
});
