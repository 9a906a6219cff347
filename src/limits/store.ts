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
 * not logged again per call.
 */
export function withFallback(
  primary: CounterStore,
  fallback: CounterStore,
  onError: (error: unknown) => void = () => {},
): CounterStore {
  const attempt = async <T>(use: (store: CounterStore) => Promise<T>): Promise<T> => {
    try {
      return await use(primary);
    } catch (error) {
      onError(error);
      return use(fallback);
    }
  };
  return {
    increment: (key, windowMs) => attempt((s) => s.increment(key, windowMs)),
    decrement: (key) => attempt((s) => s.decrement(key)),
    async close() {
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
