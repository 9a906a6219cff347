/** The attempt counters in Redis, so every instance behind a router spends one shared budget. */
import { Redis } from 'ioredis';
import type { CounterStore } from './store.js';

// INCR and the first PEXPIRE in one step: a crash between them would leave a key that never expires.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
`;

// Only an existing, positive counter: a DECR on a missing key would create one that never expires.
const DECREMENT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

export function createRedisStore(url: string, prefix = 'lwork-graph:attempts:'): CounterStore {
  const redis = new Redis(url, {
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
  });
  // Errors surface on each command; an unhandled 'error' event would crash the process.
  redis.on('error', () => {});

  return {
    async increment(key, windowMs) {
      const [count, ttl] = (await redis.eval(INCREMENT, 1, prefix + key, String(windowMs))) as [
        number,
        number,
      ];
      return { count, resetInMs: Math.max(0, ttl) };
    },
    async decrement(key) {
      await redis.eval(DECREMENT, 1, prefix + key);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
