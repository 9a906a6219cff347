import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamClient, type UpstreamClient } from '../../src/upstream/client.js';
import { createLworkApi } from '../../src/upstream/endpoints.js';
import { LocalCallError, UpstreamError } from '../../src/upstream/errors.js';
import {
  answer,
  type FaultUpstream,
  hang,
  ok,
  reset,
  startFaultUpstream,
} from '../helpers/fault-upstream.js';

let upstream: FaultUpstream;
let client: UpstreamClient;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  client = createUpstreamClient({
    baseUrl: upstream.url,
    tenantId: 'T1',
    apiKey: 'secret-key',
    connectTimeoutMs: 500,
    requestTimeoutMs: 300,
    getRetries: 2,
    maxSockets: 16,
  });
});
afterAll(async () => {
  client.close();
  await upstream.close();
});
afterEach(() => {
  upstream.requests.length = 0;
});

const api = () => createLworkApi(client, { requestId: 'req-1' });

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

const DETAIL = { username: 'Test', email: 'a@example.com', accounts: [] };

describe('upstream client', () => {
  it('sends the tenant headers and the request id, and parses the envelope', async () => {
    upstream.script(ok(DETAIL));
    await expect(api().userDetail('u-1')).resolves.toMatchObject({ username: 'Test' });
    expect(upstream.requests[0]).toMatchObject({ method: 'GET', url: '/v1/api/user/u-1/detail' });
    expect(upstream.requests[0]?.headers).toMatchObject({
      'x-api-tenantid': 'T1',
      'x-api-token': 'secret-key',
      'x-request-id': 'req-1',
    });
  });

  it('turns result:false into UPSTREAM_REJECTED carrying the mcode', async () => {
    upstream.script(answer(200, { result: false, mcode: 'm0010001' }));
    const error = await failure(api().userDetail('nobody'));
    expect(error.code).toBe('UPSTREAM_REJECTED');
    expect(error.mcode).toBe('m0010001');
    expect(error.is('USER_NOT_FOUND')).toBe(true);
  });

  it('gives UPSTREAM_BAD_RESPONSE for garbage, a missing envelope and a wrong shape', async () => {
    for (const body of [
      '<html>oops</html>',
      { hello: 'world' },
      { result: true, mcode: 'm0000000', data: { accounts: 'nope' } },
    ]) {
      upstream.script(answer(200, body));
      const error = await failure(api().userDetail('u-1'));
      expect(error.code).toBe('UPSTREAM_BAD_RESPONSE');
    }
  });

  it('retries a GET on 502/503/500 and gives UPSTREAM_UNAVAILABLE when it keeps failing', async () => {
    upstream.script(answer(503, 'down'));
    const error = await failure(api().userDetail('u-1'));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests).toHaveLength(3);

    upstream.requests.length = 0;
    upstream.script(answer(502, 'bad gateway'), answer(500, 'oops'), ok(DETAIL));
    await expect(api().userDetail('u-1')).resolves.toMatchObject({ username: 'Test' });
    expect(upstream.requests).toHaveLength(3);
  });

  it('sends a POST exactly once, even when it fails', async () => {
    upstream.script(answer(503, 'down'));
    const error = await failure(api().login({ loginName: 'a', password: 'b' }));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests).toHaveLength(1);

    upstream.requests.length = 0;
    upstream.script(reset);
    expect(
      (await failure(api().changePassword({ userId: 'u', origin: 'a', newPwd: 'b', verifyPwd: 'b' }))).code,
    ).toBe('UPSTREAM_UNAVAILABLE');
    expect(upstream.requests).toHaveLength(1);
  });

  it('gives UPSTREAM_TIMEOUT for a hanging upstream within the budget', async () => {
    upstream.script(hang);
    const started = Date.now();
    const error = await failure(api().profile('u-1'));
    expect(error.code).toBe('UPSTREAM_TIMEOUT');
    // One attempt: timeouts are not retried, so the wait is one request budget (300 ms) plus slack.
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a GET once after a reset socket and succeeds', async () => {
    upstream.script(reset, ok(DETAIL));
    await expect(api().userDetail('u-1')).resolves.toMatchObject({ username: 'Test' });
    expect(upstream.requests).toHaveLength(2);
  });

  it('maps 429 with Retry-After to RATE_LIMITED and 401 to UPSTREAM_UNAVAILABLE', async () => {
    upstream.script(answer(429, 'slow down', { 'retry-after': '7' }));
    const limited = await failure(api().login({ loginName: 'a', password: 'b' }));
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryAfterSeconds).toBe(7);

    upstream.script(answer(401, { result: false, mcode: 'm0000403' }));
    const refused = await failure(api().userDetail('u-1'));
    expect(refused.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(refused.status).toBe(401);
  });

  it('gives UPSTREAM_UNAVAILABLE for a refused connection', async () => {
    const dead = createUpstreamClient({
      baseUrl: 'http://127.0.0.1:1',
      tenantId: 'T1',
      apiKey: 'k',
      connectTimeoutMs: 300,
      requestTimeoutMs: 300,
      getRetries: 1,
      maxSockets: 1,
    });
    const error = await failure(createLworkApi(dead).userDetail('u-1'));
    expect(error.code).toBe('UPSTREAM_UNAVAILABLE');
    dead.close();
  });

  it('reuses keep-alive connections', async () => {
    upstream.script(ok(DETAIL));
    const before = upstream.connections;
    for (let i = 0; i < 20; i++) await api().userDetail('u-1');
    expect(upstream.connections - before).toBeLessThanOrEqual(1);
  });

  it('never leaks the API key into an error message', async () => {
    upstream.script(answer(500, 'down'));
    const error = await failure(api().userDetail('u-1'));
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('secret-key');
  });
});

describe('socket pool', () => {
  it('holds calls beyond LWORK_MAX_SOCKETS in its own queue and runs each once a socket frees', async () => {
    const small = smallPool(2);
    const held: Array<() => void> = [];
    upstream.script((_req, res) => held.push(() => ok(DETAIL)(_req, res)));
    try {
      const calls = Array.from({ length: 6 }, (_, i) => createLworkApi(small, {}).userDetail(`u-${i}`));
      await waitUntil(() => held.length === 2);
      expect(small.load()).toEqual({ inFlight: 2, queued: 4 });
      // Only the two calls on the wire reached the upstream; each freed socket lets the next one go.
      expect(upstream.requests).toHaveLength(2);
      while (upstream.requests.length < 6 || held.length > 0) {
        held.shift()?.();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(await Promise.all(calls)).toHaveLength(6);
      expect(small.load()).toEqual({ inFlight: 0, queued: 0 });
    } finally {
      small.close();
    }
  });

  it('lets a queued call go when its request is cancelled, without sending it', async () => {
    const small = smallPool(1);
    const held: Array<() => void> = [];
    upstream.script((_req, res) => held.push(() => ok(DETAIL)(_req, res)));
    try {
      const first = createLworkApi(small, {}).userDetail('u-1');
      const cancel = new AbortController();
      const queued = failure(createLworkApi(small, { signal: cancel.signal }).userDetail('u-2'));
      await waitUntil(() => held.length === 1);
      expect(small.load()).toEqual({ inFlight: 1, queued: 1 });
      cancel.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
      expect((await queued).code).toBe('UPSTREAM_TIMEOUT');
      expect(small.load()).toEqual({ inFlight: 1, queued: 0 });
      held.shift()?.();
      await first;
      expect(upstream.requests.map((r) => r.url)).toEqual(['/v1/api/user/u-1/detail']);
    } finally {
      small.close();
    }
  });

  it('fails queued calls fast once the circuit opens while they wait', async () => {
    const small = smallPool(1, { threshold: 1, cooldownMs: 60_000 });
    const held: Array<() => void> = [];
    upstream.script((_req, res) => held.push(() => answer(503, 'down')(_req, res)));
    try {
      const first = failure(createLworkApi(small, {}).userDetail('u-1'));
      const queued = failure(createLworkApi(small, {}).userDetail('u-2'));
      await waitUntil(() => held.length === 1);
      held.shift()?.();
      expect((await first).code).toBe('UPSTREAM_UNAVAILABLE');
      const second = await queued;
      expect(second.message).toMatch(/paused/);
      expect(upstream.requests).toHaveLength(1);
    } finally {
      small.close();
    }
  });
});

describe('what counts toward the circuit breaker', () => {
  const sharp = () => smallPool(4, { threshold: 1, cooldownMs: 60_000 });

  it('never counts a call that could not be built (a value of the wrong type) and never sends it', async () => {
    const client = sharp();
    try {
      for (const value of [{ $ne: 1 }, ['a', 'b'], 10n] as unknown[]) {
        const error = await client
          .call({ section: '2.7', method: 'GET', path: 'v1/api/user/list', searchParams: { value } as never })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LocalCallError);
      }
      const body = await client
        .call({ section: '2.12', method: 'POST', path: 'v1/api/account/u-1/update', json: { n: 1n } })
        .catch((e: unknown) => e);
      expect(body).toBeInstanceOf(LocalCallError);
      expect(client.circuit()).toBe('closed');
      expect(upstream.requests).toHaveLength(0);
      upstream.script(ok(DETAIL));
      await expect(createLworkApi(client).userDetail('u-1')).resolves.toMatchObject({ username: 'Test' });
    } finally {
      client.close();
    }
  });

  it('does not count answers (refusals, a record of an unexpected shape), but counts unreadable ones', async () => {
    const client = sharp();
    try {
      upstream.script(answer(200, { result: false, mcode: 'm0010001' }));
      expect((await failure(createLworkApi(client).userDetail('u-1'))).code).toBe('UPSTREAM_REJECTED');
      upstream.script(answer(200, { result: true, mcode: 'm0000000', data: { accounts: 'nope' } }));
      expect((await failure(createLworkApi(client).userDetail('u-1'))).code).toBe('UPSTREAM_BAD_RESPONSE');
      upstream.script(answer(400, { result: false, mcode: 'm0000422' }));
      expect((await failure(createLworkApi(client).userDetail('u-1'))).code).toBe('UPSTREAM_REJECTED');
      // A proxy refusing a client's value with its own page is about the request, not an outage.
      upstream.script(answer(414, '<html>URI too long</html>'));
      expect((await failure(createLworkApi(client).userDetail('u-1'))).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(client.circuit()).toBe('closed');

      upstream.script(answer(200, '<html>proxy error</html>'));
      expect((await failure(createLworkApi(client).userDetail('u-1'))).code).toBe('UPSTREAM_BAD_RESPONSE');
      expect(client.circuit()).toBe('open');
    } finally {
      client.close();
    }
  });
});

function smallPool(maxSockets: number, breaker?: { threshold: number; cooldownMs: number }): UpstreamClient {
  return createUpstreamClient({
    baseUrl: upstream.url,
    tenantId: 'T1',
    apiKey: 'secret-key',
    connectTimeoutMs: 500,
    requestTimeoutMs: 2_000,
    getRetries: 0,
    maxSockets,
    breaker,
  });
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}
