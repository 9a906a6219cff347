/**
 * "Not before" times in memory, by key: raised, never lowered, and forgotten once they can no
 * longer matter. Bounded: beyond `maxEntries` the least recently raised entry goes, and `onEvict`
 * hears of it.
 */
export interface NotBeforeTable {
  /** Raises the key's time to `at`: the new entry, or undefined when it was already that late (or expired). */
  raise(key: string, at: number): NotBeforeEntry | undefined;
  /** The key's time, or 0. */
  get(key: string): number;
  /** Every live entry with the time it expires, least recently raised first. */
  live(): NotBeforeEntry[];
  readonly size: number;
  close(): void;
}

export interface NotBeforeEntry {
  key: string;
  at: number;
  expiresAt: number;
}

export interface NotBeforeTableOptions {
  /** When the entry `key` with time `at` stops mattering (no session it ends can still be alive). */
  expiresAt(key: string, at: number): number;
  maxEntries?: number;
  /** A live entry pushed out to make room. */
  onEvict?: (entry: NotBeforeEntry) => void;
  now?: () => number;
}

export function createNotBeforeTable(options: NotBeforeTableOptions): NotBeforeTable {
  const { expiresAt, maxEntries = 100_000, onEvict, now = Date.now } = options;
  const entries = new Map<string, { at: number; expiresAt: number }>();
  // Expired entries go in a sweep too, not only when read: most keys are never read again.
  const sweep = setInterval(() => {
    const t = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= t) entries.delete(key);
  }, 60_000);
  sweep.unref();

  const current = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const evictOne = () => {
    const victim = entries.keys().next().value as string;
    const entry = entries.get(victim);
    entries.delete(victim);
    if (entry && entry.expiresAt > now()) onEvict?.({ key: victim, ...entry });
  };

  return {
    raise(key, at) {
      if (at <= (current(key)?.at ?? 0)) return undefined;
      const until = expiresAt(key, at);
      if (until <= now()) return undefined;
      // Re-inserted: Map order is then "least recently raised first", the eviction order.
      entries.delete(key);
      entries.set(key, { at, expiresAt: until });
      const raised = { key, at, expiresAt: until };
      if (entries.size > maxEntries) evictOne();
      return raised;
    },
    get(key) {
      return current(key)?.at ?? 0;
    },
    live() {
      const t = now();
      const out: NotBeforeEntry[] = [];
      for (const [key, entry] of entries) if (entry.expiresAt > t) out.push({ key, ...entry });
      return out;
    },
    get size() {
      return entries.size;
    },
    close() {
      clearInterval(sweep);
      entries.clear();
    },
  };
}
