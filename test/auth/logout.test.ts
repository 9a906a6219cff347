import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';
import { type RedisServer, startRedisServer, withRedis } from '../helpers/redis-server.js';
import { expectEnded, expectLive, revokedSessionKey } from '../helpers/sessions.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LOGOUT = 'mutation($all: Boolean!) { logout(allSessions: $all) { userId scope } }';
const LOGOUT_DEFAULT = 'mutation { logout { userId scope } }';
const { alice, bob } = DEMO_EXTRA_USERS;

const codeOf = (res: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  res.errors?.[0]?.extensions?.code;

describe('logout on one instance', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('ends the current session only, and answers the same again (idempotent)', async () => {
    const token = await stack.login(alice.email, alice.password);
    const other = await stack.login(alice.phone, alice.password);
    await expectLive(stack, token, alice.id);

    const res = await stack.gql(LOGOUT_DEFAULT, {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data?.logout).toEqual({ userId: alice.id, scope: 'CURRENT_SESSION' });
    await expectEnded(stack, token);
    // Another session of the same user goes on.
    await expectLive(stack, other, alice.id);

    // A retry after a lost answer: the same answer, and nothing else ends.
    const again = await stack.gql(LOGOUT, { all: false }, token);
    expect(again.data?.logout).toEqual(res.data?.logout);
    await expectLive(stack, other, alice.id);
  });

  it('ends every session of the user with allSessions, and a new sign-in works', async () => {
    const first = await stack.login(bob.email, bob.password);
    const second = await stack.login(bob.phone, bob.password);
    const res = await stack.gql(LOGOUT, { all: true }, second);
    expect(res.data?.logout).toEqual({ userId: bob.id, scope: 'ALL_SESSIONS' });
    await expectEnded(stack, first);
    await expectEnded(stack, second);
    await expectLive(stack, await stack.login(bob.email, bob.password), bob.id);
  });

  it('lets no ended session end the others', async () => {
    const stolen = await stack.login(DEMO_USERS.demo.email, DEMO_USERS.demo.password);
    expect((await stack.gql(LOGOUT_DEFAULT, {}, stolen)).data?.logout.scope).toBe('CURRENT_SESSION');
    const fresh = await stack.demoToken();
    const res = await stack.gql(LOGOUT, { all: true }, stolen);
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    await expectLive(stack, fresh, DEMO_USERS.demo.id);
  });

  it('answers UNAUTHENTICATED without a genuine session token', async () => {
    const token = await stack.adminToken();
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const t of [undefined, forged, 'not-a-token']) {
      const res = await stack.gql(LOGOUT_DEFAULT, {}, t);
      expect(res.data).toBeNull();
      expect(codeOf(res)).toBe('UNAUTHENTICATED');
    }
    await expectLive(stack, token, DEMO_USERS.admin.id);
  });
});

describe.runIf(withRedis())('logout with two instances on one Redis', () => {
  let redis: RedisServer;
  let a: Stack;
  let b: Stack;
  let client: Redis;
  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url);
    // A generous command timeout: a stalled event loop on this shared machine must not read as a hang.
    const env = { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '2000' };
    a = await startStack(env);
    b = await startStack(env);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    client?.disconnect();
    await redis?.stop();
  });

  it('refuses the token on every instance once its owner signs out on one', async () => {
    const token = await a.login(alice.email, alice.password);
    const other = await b.login(alice.phone, alice.password);
    await expectLive(b, token, alice.id);

    expect((await a.gql(LOGOUT_DEFAULT, {}, token)).data?.logout.scope).toBe('CURRENT_SESSION');
    await expectEnded(a, token);
    await expectEnded(b, token);
    await expectLive(a, other, alice.id);
    await expectLive(b, other, alice.id);

    // Redis holds a digest of the token, never the token, and only as long as the token lives.
    const keys = await client.keys('lwork-graph:revoked*');
    expect(keys).toContain(revokedSessionKey(token));
    expect(keys.join()).not.toContain(token.split('.')[2]);
    const ttl = await client.pttl(revokedSessionKey(token));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(12 * 3600 * 1000);

    expect((await b.gql(LOGOUT, { all: true }, other)).data?.logout.scope).toBe('ALL_SESSIONS');
    await expectEnded(a, other);
    await expectEnded(b, other);
  });
});
