import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import {
  createAttemptLimiter,
  DEFAULT_POLICIES,
  RateLimitedError,
} from '../../src/limits/attempt-limiter.js';
import { createRedisStore } from '../../src/limits/redis-store.js';
import { createMemoryStore, withFallback } from '../../src/limits/store.js';
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

  it('stops login guesses per login name, then even the right password waits', async () => {
    const { max } = DEFAULT_POLICIES.login.perTarget;
    for (let i = 0; i < max; i++) {
      const res = await login(stack, DEMO_USERS.demo.email, `Wrong${i}pass`);
      expect(res.data?.login.__typename).toBe('InvalidCredentials');
    }
    stack.service.counters.reset();
    const blocked = await login(stack, DEMO_USERS.demo.email, DEMO_USERS.demo.password);
    expect(blocked.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(blocked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(stack.service.counters.total, 'a limited attempt never reaches the account service').toBe(0);

    // Another login name of the same person is its own budget; successes cost nothing.
    for (let i = 0; i < max + 2; i++) {
      expect(
        (await login(stack, DEMO_USERS.demo.phone, DEMO_USERS.demo.password)).data?.login.__typename,
      ).toBe('Session');
    }
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
    const store = createRedisStore('redis://127.0.0.1:1');
    await expect(store.increment('k', 1_000)).rejects.toThrow();
    await store.close();
  });

  it('keep limiting per instance while Redis is down', async () => {
    const errors: unknown[] = [];
    const store = withFallback(createRedisStore('redis://127.0.0.1:1'), createMemoryStore(), (e) =>
      errors.push(e),
    );
    const limiter = createAttemptLimiter(store);
    const { max } = DEFAULT_POLICIES.sendEmailCode.perTarget;
    for (let i = 0; i < max; i++) await limiter.begin('sendEmailCode', 'a@example.com', 'ip');
    await expect(limiter.begin('sendEmailCode', 'a@example.com', 'ip')).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    expect(errors.length).toBeGreaterThan(0);
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
