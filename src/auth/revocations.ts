/**
 * Sessions end early when their user's password changes: a "not before" time per user, checked
 * against the token's issue time. In memory by default; in Redis (with REDIS_URL) so every instance
 * honours it. Entries live as long as a session can, then expire.
 */
import { Redis } from 'ioredis';

export interface Revocations {
  /** Sessions of `userId` issued before `atMs` stop working. */
  revoke(userId: string, atMs: number): Promise<void>;
  /** The "not before" time of the user's sessions, in milliseconds, or 0. */
  notBefore(userId: string): Promise<number>;
  close(): Promise<void>;
}

export function createMemoryRevocations(ttlSeconds: number, now: () => number = Date.now): Revocations {
  const entries = new Map<string, { at: number; until: number }>();
  return {
    async revoke(userId, atMs) {
      entries.delete(userId);
      entries.set(userId, { at: atMs, until: now() + ttlSeconds * 1000 });
      // Bounded: the oldest entries go first; their sessions have expired by then in practice.
      if (entries.size > 100_000) entries.delete(entries.keys().next().value as string);
    },
    async notBefore(userId) {
      const entry = entries.get(userId);
      if (!entry) return 0;
      if (entry.until <= now()) {
        entries.delete(userId);
        return 0;
      }
      return entry.at;
    },
    async close() {
      entries.clear();
    },
  };
}

export function createRedisRevocations(
  url: string,
  ttlSeconds: number,
  fallback: Revocations,
  onError: (error: unknown) => void,
  prefix = 'lwork-graph:revoked:',
): Revocations {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2_000, commandTimeout: 1_000 });
  redis.on('error', () => {});
  return {
    async revoke(userId, atMs) {
      // Both: a later Redis outage must not bring the revoked sessions back on this instance.
      await fallback.revoke(userId, atMs);
      await redis.set(prefix + userId, String(atMs), 'EX', ttlSeconds).catch(onError);
    },
    async notBefore(userId) {
      try {
        return Number((await redis.get(prefix + userId)) ?? 0);
      } catch (error) {
        onError(error);
        return fallback.notBefore(userId);
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
      await fallback.close();
    },
  };
}
