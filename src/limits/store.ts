/**
 * Fixed-window counters behind the attempt limits. In memory by default (one process); Redis when
 * several instances must share one budget.
 */
export interface Count {
  count: number;
  /** Milliseconds until the window closes. */
  resetInMs: number;
}

export interface CounterStore {
  /** Adds one to `key` and answers the new count. */
  increment(key: string, windowMs: number): Promise<Count>;
  /** Takes one back (never below zero); a no-op once the window has closed. */
  decrement(key: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryStore(now: () => number = Date.now, maxKeys = 100_000): CounterStore {
  const windows = new Map<string, { count: number; resetAt: number }>();
  // Sweep expired windows so hostile keys cannot grow the map without bound.
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, w] of windows) if (w.resetAt <= t) windows.delete(key);
  }, 60_000);
  sweep.unref();

  const live = (key: string) => {
    const w = windows.get(key);
    if (w && w.resetAt > now()) return w;
    if (w) windows.delete(key);
    return undefined;
  };

  return {
    async increment(key, windowMs) {
      let w = live(key);
      if (!w) {
        // A hard cap on memory: the oldest windows go first (Map keeps insertion order).
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        w = { count: 0, resetAt: now() + windowMs };
      }
      w.count++;
      windows.set(key, w);
      return { count: w.count, resetInMs: w.resetAt - now() };
    },
    async decrement(key) {
      const w = live(key);
      if (w && w.count > 0) w.count--;
    },
    async close() {
      clearInterval(sweep);
      windows.clear();
    },
  };
}

/**
 * Uses `primary` (Redis) and, while it fails, `fallback` (this instance's memory): an outage of the
 * shared store keeps the limits per instance instead of refusing every login or letting all through.
 * The primary reports its own outages (once per outage, see RedisConnection), so failures here are
 * not logged again per call. A refund goes to the store that counted the attempt: refunded in Redis,
 * an attempt counted in memory during an outage (or while Redis refused writes) would stay counted.
 */
export function withFallback(
  primary: CounterStore,
  fallback: CounterStore,
  onError: (error: unknown) => void = () => {},
  now: () => number = Date.now,
  maxKeys = 100_000,
): CounterStore {
  // Key -> attempts counted in `fallback` and not refunded yet, until their window closes.
  const inFallback = new Map<string, { pending: number; until: number }>();
  const attempt = async <T>(use: (store: CounterStore) => Promise<T>): Promise<T> => {
    try {
      return await use(primary);
    } catch (error) {
      onError(error);
      return use(fallback);
    }
  };
  return {
    async increment(key, windowMs) {
      try {
        return await primary.increment(key, windowMs);
      } catch (error) {
        onError(error);
        const count = await fallback.increment(key, windowMs);
        const entry = inFallback.get(key);
        if (entry && entry.until > now()) entry.pending++;
        else {
          inFallback.delete(key);
          if (inFallback.size >= maxKeys) inFallback.delete(inFallback.keys().next().value as string);
          inFallback.set(key, { pending: 1, until: now() + count.resetInMs });
        }
        return count;
      }
    },
    async decrement(key) {
      const entry = inFallback.get(key);
      if (entry && entry.until > now() && entry.pending > 0) {
        if (--entry.pending === 0) inFallback.delete(key);
        return fallback.decrement(key);
      }
      if (entry) inFallback.delete(key);
      return attempt((s) => s.decrement(key));
    },
    async close() {
      inFallback.clear();
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
