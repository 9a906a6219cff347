/** The attempt counters in Redis, so every instance behind a router spends one shared budget. */
import type { RedisConnection } from '../redis/connection.js';
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

/**
 * Counters on the shared connection. While Redis is down every call fails at once (see
 * RedisConnection), so `withFallback` switches to memory without waiting.
 */
export function createRedisStore(redis: RedisConnection, prefix = 'lwork-graph:attempts:'): CounterStore {
  return {
    async increment(key, windowMs) {
      const [count, ttl] = (await redis.run((r) => r.eval(INCREMENT, 1, prefix + key, String(windowMs)))) as [
        number,
        number,
      ];
      return { count, resetInMs: Math.max(0, ttl) };
    },
    async decrement(key) {
      await redis.run((r) => r.eval(DECREMENT, 1, prefix + key));
    },
    // The connection is shared with the revocations: whoever created it closes it.
    async close() {},
  };
}
