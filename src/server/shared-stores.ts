/**
 * The state instances share: attempt counters and session revocations. In memory without
 * REDIS_URL; with it, both use one fail-fast Redis connection and fall back to this instance's
 * memory while Redis is down, logging a bounded number of lines per outage.
 */
import type { Logger } from 'pino';
import { createSharedRevocations } from '../auth/redis-revocations.js';
import { createMemoryRevocations, type Revocations } from '../auth/revocations.js';
import type { Config } from '../config.js';
import { createRedisStore } from '../limits/redis-store.js';
import { type CounterStore, createMemoryStore, withFallback } from '../limits/store.js';
import { createOutageLog } from '../observability/outage-log.js';
import { createRedisConnection } from '../redis/connection.js';

export interface SharedStores {
  revocations: Revocations;
  attemptStore: CounterStore;
  close(): Promise<void>;
}

/** How long start-up waits for a first answer from Redis before serving from memory. */
const CONNECT_WAIT_MS = 2_000;

export async function createSharedStores(config: Config, logger: Logger): Promise<SharedStores> {
  const { url, commandTimeoutMs } = config.redis;
  if (!url) {
    const revocations = createMemoryRevocations(config.session.ttlSeconds);
    const attemptStore = createMemoryStore();
    return {
      revocations,
      attemptStore,
      close: async () => {
        await Promise.all([revocations.close(), attemptStore.close()]);
      },
    };
  }
  const effect = 'attempt limits and session revocations use this instance only until it returns';
  const redis = createRedisConnection(url, {
    commandTimeoutMs,
    outage: createOutageLog(logger, { dependency: 'redis', effect }),
    refusals: createOutageLog(logger, { dependency: 'redis', effect: `it refuses commands: ${effect}` }),
  });
  const revocations = createSharedRevocations(redis, config.session.ttlSeconds);
  const attemptStore = withFallback(createRedisStore(redis), createMemoryStore());
  // The first requests should already share state, not fall back while the connection opens.
  await redis.settled(CONNECT_WAIT_MS);
  return {
    revocations,
    attemptStore,
    async close() {
      await Promise.all([revocations.close(), attemptStore.close()]);
      await redis.close();
    },
  };
}
