/**
 * The shared state survives Redis' own faults, played with a real redis-server: stopped, restarted
 * empty (no persistence), flushed, frozen with SIGSTOP. Two GraphQL servers share it where the test
 * is about sharing.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';
import { createSharedRevocations } from '../../src/auth/redis-revocations.js';
import { createSessionSigner } from '../../src/auth/session.js';
import { createRedisConnection } from '../../src/redis/connection.js';
import { captureLogs } from '../helpers/log-capture.js';
import { type RedisServer, startRedisServer, withRedis } from '../helpers/redis-server.js';
import { expectEnded, expectLive, revokedSessionKey } from '../helpers/sessions.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LOGOUT = 'mutation { logout { scope } }';
const CHANGE_PASSWORD = `mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { __typename ... on ChangePasswordPayload { session { token } } }
}`;
const { alice, bob, carol } = DEMO_EXTRA_USERS;
const { demo } = DEMO_USERS;

/**
 * Where a test is about sharing rather than hangs, a generous command timeout: the event loop of
 * this shared machine (which runs the account service in process too) can stall past the 250 ms
 * default, which would read as a hang and leave a write for later.
 */
const shared = (redis: RedisServer) => ({ REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '2000' });

/** Polls until `probe` answers something other than null (a key appearing in Redis). */
async function eventually<T>(probe: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.runIf(withRedis())('shared state across Redis faults', () => {
  let redis: RedisServer;
  let client: Redis;
  const stacks: Stack[] = [];
  const stack = async (...args: Parameters<typeof startStack>) => {
    const started = await startStack(...args);
    stacks.push(started);
    return started;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    // The test's own view of Redis; it waits through restarts (offline queue on).
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => {});
  });
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((s) => s.stop()));
    await redis.stop();
    await redis.start();
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });

  it('ends the old session on every instance once Redis returns, after a password change made while it was down', async () => {
    const a = await stack(shared(redis));
    const b = await stack(shared(redis));
    const old = await a.login(carol.email, carol.password);
    await expectLive(b, old, carol.id);

    await redis.stop();
    const res = await a.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: carol.password, newPassword: 'Carol5678' } },
      old,
    );
    expect(res.data?.changePassword.__typename).toBe('ChangePasswordPayload');
    const fresh: string = res.data?.changePassword.session.token;
    await expectEnded(a, old);

    // Back, empty: A's failed write reaches it without any request.
    await redis.start();
    await eventually(() => client.get(`lwork-graph:revoked:${carol.id}`));
    await expectEnded(a, old);
    await expectEnded(b, old);
    await expectLive(a, fresh, carol.id);
    await expectLive(b, fresh, carol.id);
  });

  it('ends a session on every instance once a frozen Redis answers again, after a logout made meanwhile', async () => {
    const a = await stack(shared(redis));
    const b = await stack(shared(redis));
    const token = await a.login(alice.email, alice.password);
    await expectLive(b, token, alice.id);

    redis.freeze();
    expect((await a.gql(LOGOUT, {}, token)).data?.logout.scope).toBe('CURRENT_SESSION');
    await expectEnded(a, token);
    // No reconnect happens: A finds out with its probe that Redis answers again, and publishes.
    redis.thaw();
    await eventually(() => client.get(revokedSessionKey(token)));
    await expectEnded(b, token);
  });

  it('forgets no revocation a running instance knows when Redis restarts empty or is flushed', async () => {
    const a = await stack(shared(redis));
    const b = await stack(shared(redis));
    // Ended on A, and seen ended by B.
    const seen = await a.login(alice.email, alice.password);
    expect((await a.gql(LOGOUT, {}, seen)).data?.logout.scope).toBe('CURRENT_SESSION');
    await expectEnded(b, seen);
    // Ended on A; B never sees it before the restart.
    const unseen = await a.login(bob.email, bob.password);
    await a.gql(LOGOUT, {}, unseen);
    // Ended by a password change on A.
    const changed = await a.login(carol.email, carol.password);
    const res = await a.gql(
      CHANGE_PASSWORD,
      { input: { currentPassword: carol.password, newPassword: 'Carol5678' } },
      changed,
    );
    expect(res.data?.changePassword.__typename).toBe('ChangePasswordPayload');
    await expectEnded(b, changed);

    await redis.stop();
    await redis.start();
    await expectEnded(a, changed);
    await expectEnded(b, changed);
    await expectEnded(a, seen);
    await expectEnded(b, seen);
    await expectEnded(a, unseen);
    // A re-publishes what it knows once it reconnects; B then refuses the session it never saw.
    await eventually(() => client.get(revokedSessionKey(unseen)));
    await expectEnded(b, unseen);

    // Data lost without a reconnect (a flush, a failover behind a proxy): A's marker is gone, so
    // its next signed-in request has it publish again.
    await client.flushall();
    const live = await a.demoToken();
    await expectLive(a, live, demo.id);
    await eventually(() => client.get(revokedSessionKey(unseen)));
    await eventually(() => client.get(revokedSessionKey(seen)));
  });

  it('keeps revocations a full Redis refuses, and writes them once it accepts writes again', async () => {
    const logs = captureLogs();
    const a = await stack(shared(redis), { logStream: logs.stream });
    const b = await stack(shared(redis));
    const token = await a.login(alice.email, alice.password);
    const other = await a.login(alice.phone, alice.password);
    // maxmemory-policy noeviction, as README asks, with Redis over its limit: writes are refused.
    await client.config('SET', 'maxmemory-policy', 'noeviction');
    await client.config('SET', 'maxmemory', '1');
    try {
      for (let i = 0; i < 20; i++) await a.demoToken();
      expect((await a.gql(LOGOUT, {}, token)).data?.logout.scope).toBe('CURRENT_SESSION');
      await expectEnded(a, token);
      expect(await client.get(revokedSessionKey(token))).toBeNull();
    } finally {
      await client.config('SET', 'maxmemory', '0');
    }
    const warnings = logs.records().filter((r) => (r.level ?? 0) >= 40);
    // Twenty logins and a logout refused: one line.
    expect(warnings.length).toBeLessThanOrEqual(2);
    expect(warnings.some((r) => /OOM/.test(String(r.error)))).toBe(true);

    // The next signed-in request on A finds Redis writable and publishes what it kept.
    await new Promise((r) => setTimeout(r, 1_100));
    await expectLive(a, other, alice.id);
    await eventually(() => client.get(revokedSessionKey(token)));
    await expectEnded(b, token);
    await expectLive(b, other, alice.id);
  });

  it('never moves a "not before" time backwards in Redis', async () => {
    const ttl = 3600;
    const one = createRedisConnection(redis.url, { commandTimeoutMs: 2_000 });
    const two = createRedisConnection(redis.url, { commandTimeoutMs: 2_000 });
    await Promise.all([one.settled(2_000), two.settled(2_000)]);
    const a = createSharedRevocations(one, ttl);
    const b = createSharedRevocations(two, ttl);
    try {
      const later = Date.now();
      const earlier = later - 60_000;
      await a.endUserSessions('u-order', later);
      // B does not know A's time: its write arrives later, with an earlier time.
      await b.endUserSessions('u-order', earlier);
      expect(await client.get('lwork-graph:revoked:u-order')).toBe(String(later));

      // B honours the later time, read from Redis.
      const between = createSessionSigner('order-test-secret-that-is-long-enough', ttl).issue(
        'u-order',
        later - 1_000,
      );
      const session = createSessionSigner('order-test-secret-that-is-long-enough', ttl).verify(
        between.token,
        later,
      );
      if (!session) throw new Error('the test token does not verify');
      expect(await b.hasEnded(session)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await one.close();
      await two.close();
    }
  });

  it('serves logins and signed-in requests without waiting while Redis is stopped or frozen', async () => {
    const s = await stack({ REDIS_URL: redis.url });
    const signInAndRead = async (rounds: number) => {
      const started = performance.now();
      for (let i = 0; i < rounds; i++) await expectLive(s, await s.demoToken(), demo.id);
      return performance.now() - started;
    };
    // Before: one login took about 2 s and each signed-in request 1 s more while Redis was down, so
    // five rounds took about 15 s. The bound is loose on purpose (a shared, noisy machine): it
    // separates "no wait" from "waits out a timeout per command"; the frozen case below also checks
    // the structure, that requests stop sending commands to a Redis known to hang.
    await redis.stop();
    expect(await signInAndRead(5)).toBeLessThan(5_000);

    await redis.start();
    // The server's connection is back (the test's own is the other one).
    await eventually(async () =>
      String(await client.client('LIST'))
        .trim()
        .split('\n').length >= 2
        ? true
        : null,
    );
    await client.config('RESETSTAT');
    redis.freeze();
    // The first command waits out REDIS_COMMAND_TIMEOUT_MS (250 ms); nothing waits after it.
    expect(await signInAndRead(5)).toBeLessThan(5_000);
    redis.thaw();
    await new Promise((r) => setTimeout(r, 200));
    const stats = await client.info('commandstats');
    const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
    // Five logins and five reads would send at least 15 counter scripts and reads; only the command
    // that found Redis hanging was sent (plus PING probes, not counted here).
    expect(calls('eval') + calls('evalsha') + calls('mget')).toBeLessThanOrEqual(2);
  });

  it('writes a bounded number of log lines for a burst of requests during an outage', async () => {
    const logs = captureLogs();
    const s = await stack({ REDIS_URL: redis.url }, { logStream: logs.stream });
    const token = await s.demoToken();
    await redis.stop();
    // 200 requests in waves of 20: 2 logins and 18 signed-in reads each.
    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i < 2 ? s.demoToken() : expectLive(s, token, demo.id))),
      );
    }
    const warnings = logs.records().filter((r) => (r.level ?? 0) >= 40);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    // One line when the outage starts, at most a summary per 30 s: not one or two per request.
    expect(warnings.length).toBeLessThanOrEqual(3);
    expect(warnings[0]).toMatchObject({
      dependency: 'redis',
      msg: expect.stringMatching(/^redis unavailable/),
    });
    expect(warnings.some((r) => 'stack' in r || 'err' in r)).toBe(false);

    await redis.start();
    await eventually(async () =>
      logs.records().some((r) => r.msg === 'redis available again') ? true : null,
    );
  });
});
