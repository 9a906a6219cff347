import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import {
  createAttemptLimiter,
  DEFAULT_POLICIES,
  RateLimitedError,
} from '../../src/limits/attempt-limiter.js';
import { createRedisStore } from '../../src/limits/redis-store.js';
import { createMemoryStore, withFallback } from '../../src/limits/store.js';
import { createRedisConnection } from '../../src/redis/connection.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import { type RedisServer, redisServerMissing, startRedisServer } from '../helpers/redis-server.js';
import { type Stack, startStack } from '../helpers/stack.js';

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename } }`;
const login = (stack: Stack, loginName: string, password: string) =>
  stack.gql(LOGIN, { input: { loginName, password } });

describe('attempt limits through GraphQL', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('stops login guesses per account, then even the right password waits', async () => {
    const { max } = DEFAULT_POLICIES.login.perTarget;
    for (let i = 0; i < max; i++) {
      const res = await login(stack, DEMO_USERS.demo.email, `Wrong${i}pass`);
      expect(res.data?.login.__typename).toBe('InvalidCredentials');
    }
    stack.service.counters.reset();
    const blocked = await login(stack, DEMO_USERS.demo.email, DEMO_USERS.demo.password);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // The login name is looked up (2.7) to find its account; the login itself (2.6) is never tried.
    expect(stack.service.counters.bySection['2.6'] ?? 0, 'a limited attempt never reaches the login').toBe(0);

    // Another login name of the same account spends the same budget.
    const byPhone = await login(stack, DEMO_USERS.demo.phone, DEMO_USERS.demo.password);
    expect(byPhone.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('stops code guesses per phone', async () => {
    const { max } = DEFAULT_POLICIES.verifyPhoneCode.perTarget;
    const verify = () =>
      stack.gql(
        `mutation { verifyPhoneCode(input: { phone: "13700000009", code: "123456" }) { __typename } }`,
      );
    for (let i = 0; i < max; i++)
      expect((await verify()).data?.verifyPhoneCode.__typename).toBe('InvalidCode');
    expect((await verify()).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('stops registration probes of an existing account', async () => {
    const { max } = DEFAULT_POLICIES.register.perTarget;
    const register = () =>
      stack.gql(
        `mutation { registerByEmail(input: { email: "${DEMO_USERS.demo.email}", password: "Probe1234" }) { __typename } }`,
      );
    for (let i = 0; i < max; i++)
      expect((await register()).data?.registerByEmail.__typename).toBe('AlreadyRegistered');
    expect((await register()).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('limits code requests per client address across targets', async () => {
    const { max } = DEFAULT_POLICIES.sendEmailCode.perAddress;
    stack.service.counters.reset();
    const send = (i: number) =>
      stack.gql(`mutation { sendEmailCode(input: { email: "limit${i}@example.com" }) { __typename } }`);
    for (let i = 0; i < max; i++)
      expect((await send(i)).data?.sendEmailCode.__typename).toBe('EmailCodeRequest');
    const res = await send(max);
    expect(res.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(stack.service.counters.bySection['2.14']).toBe(max);
  });
});

describe('account enumeration', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('answers a reset code request the same way for a registered and an unknown phone', async () => {
    const request = (phone: string) =>
      stack.gql(
        `mutation { requestPhoneCode(input: { phone: "${phone}", purpose: RESET_PASSWORD }) { __typename ... on PhoneCodeRequest { sent code } } }`,
      );
    stack.service.counters.reset();
    const known = await request(DEMO_USERS.demo.phone);
    const knownCalls = stack.service.counters.total;
    stack.service.counters.reset();
    const unknown = await request('13711112222');
    expect(unknown.data).toEqual(known.data);
    expect(known.data?.requestPhoneCode).toEqual({ __typename: 'PhoneCodeRequest', sent: true, code: null });
    expect(stack.service.counters.total).toBe(knownCalls);
    // Only the registered phone actually got a message.
    expect(stack.service.store.outbox(DEMO_USERS.demo.phone)).toHaveLength(1);
    expect(stack.service.store.outbox('13711112222')).toHaveLength(0);
  });
});

describe('the counter stores', () => {
  const noRedis = skipUnlessPresent('the shared Redis budget test', redisServerMissing());
  it.skipIf(noRedis)('share one budget between instances through Redis', async () => {
    const redis: RedisServer = await startRedisServer();
    const a = await startStack({ REDIS_URL: redis.url });
    const b = await startStack({ REDIS_URL: redis.url });
    try {
      const { max } = DEFAULT_POLICIES.login.perTarget;
      // Half the guesses on each instance: together they spend the one budget.
      for (let i = 0; i < max; i++) {
        const res = await login(i % 2 === 0 ? a : b, 'shared@example.com', `Wrong${i}pass`);
        expect(res.data?.login.__typename).toBe('InvalidCredentials');
      }
      expect((await login(a, 'shared@example.com', 'Another1')).errors?.[0]?.extensions?.code).toBe(
        'RATE_LIMITED',
      );
      expect((await login(b, 'shared@example.com', 'Another1')).errors?.[0]?.extensions?.code).toBe(
        'RATE_LIMITED',
      );
    } finally {
      await a.stop();
      await b.stop();
      await redis.stop();
    }
  });

  it('expire windows and refund successes (memory store, injected clock)', async () => {
    let now = 0;
    const limiter = createAttemptLimiter(
      createMemoryStore(() => now),
      {
        ...DEFAULT_POLICIES,
        login: {
          perTarget: { max: 2, windowMs: 1_000 },
          perAddress: { max: 100, windowMs: 1_000 },
          counts: 'failures',
        },
      },
    );
    await limiter.begin('login', 'x', 'ip');
    const second = await limiter.begin('login', 'x', 'ip');
    await second.succeeded();
    await limiter.begin('login', 'x', 'ip');
    await expect(limiter.begin('login', 'x', 'ip')).rejects.toBeInstanceOf(RateLimitedError);
    now = 1_001;
    await expect(limiter.begin('login', 'x', 'ip')).resolves.toBeDefined();
  });

  it('report Redis outages as errors, never as a silent pass', async () => {
    const redis = createRedisConnection('redis://127.0.0.1:1', { commandTimeoutMs: 250 });
    const store = createRedisStore(redis);
    await expect(store.increment('k', 1_000)).rejects.toThrow();
    await store.close();
    await redis.close();
  });

  it('keep limiting per instance while Redis is down', async () => {
    const errors: unknown[] = [];
    const redis = createRedisConnection('redis://127.0.0.1:1', { commandTimeoutMs: 250 });
    const store = withFallback(createRedisStore(redis), createMemoryStore(), (e) => errors.push(e));
    const limiter = createAttemptLimiter(store);
    const { max } = DEFAULT_POLICIES.sendEmailCode.perTarget;
    for (let i = 0; i < max; i++) await limiter.begin('sendEmailCode', 'a@example.com', 'ip');
    await expect(limiter.begin('sendEmailCode', 'a@example.com', 'ip')).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(errors.length).toBeGreaterThan(0);
    await store.close();
    await redis.close();
  });

  it('look a target up only while its address is within budget, and refund the address when the lookup fails', async () => {
    const store = createMemoryStore();
    const limiter = createAttemptLimiter(store, {
      ...DEFAULT_POLICIES,
      login: {
        perTarget: { max: 10, windowMs: 60_000 },
        perAddress: { max: 2, windowMs: 60_000 },
        counts: 'failures',
      },
    });
    let lookups = 0;
    const lookup = async () => {
      lookups++;
      return 'user:1';
    };
    await limiter.begin('login', lookup, 'one-address');
    await limiter.begin('login', lookup, 'one-address');
    await expect(limiter.begin('login', lookup, 'one-address')).rejects.toBeInstanceOf(RateLimitedError);
    expect(lookups, 'an address over budget gets no lookups').toBe(2);

    const failing = async (): Promise<string> => {
      throw new Error('search unavailable');
    };
    await expect(limiter.begin('login', failing, 'other-address')).rejects.toThrow('search unavailable');
    await expect(limiter.begin('login', failing, 'other-address')).rejects.toThrow('search unavailable');
    // Both failed lookups were given back: the address still has its whole budget.
    await limiter.begin('login', lookup, 'other-address');
    await limiter.begin('login', lookup, 'other-address');
    await store.close();
  });

  it('create no counter per target once an address is over budget', async () => {
    const inner = createMemoryStore();
    const keys = new Set<string>();
    const store = {
      ...inner,
      increment: (key: string, ms: number) => {
        keys.add(key);
        return inner.increment(key, ms);
      },
    };
    const limiter = createAttemptLimiter(store, {
      ...DEFAULT_POLICIES,
      sendEmailCode: {
        perTarget: { max: 5, windowMs: 60_000 },
        perAddress: { max: 2, windowMs: 60_000 },
        counts: 'attempts',
      },
    });
    let refused = 0;
    for (let i = 0; i < 50; i++) {
      await limiter.begin('sendEmailCode', `spray${i}@example.com`, 'one-address').catch(() => refused++);
    }
    expect(refused).toBe(48);
    // The address key and the two targets that got through.
    expect(keys.size).toBe(3);
    await inner.close();
  });
});
