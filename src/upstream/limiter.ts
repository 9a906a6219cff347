/**
 * A FIFO limit on concurrent async work: one per request, shared by all its loaders (the upstream
 * client's own limit, across requests, is fair-limiter.ts).
 */
export interface Limiter {
  /** Runs `task` when a slot is free; a task still waiting when `signal` aborts leaves the queue. */
  <T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now, and tasks waiting for a slot. */
  load(): { active: number; waiting: number };
}

export function createLimiter(maxInFlight: number): Limiter {
  let active = 0;
  const queue = new Set<() => void>();
  const next = () => {
    active--;
    const first = queue.values().next();
    if (!first.done) {
      queue.delete(first.value);
      first.value();
    }
  };
  const limit = <T>(task: () => Promise<T>, signal?: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const run = () => {
        signal?.removeEventListener('abort', leave);
        active++;
        let running: Promise<T>;
        try {
          running = task();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(resolve, reject).finally(next);
      };
      // Nobody waits for the answer any more: give the place up rather than run late.
      const leave = () => {
        queue.delete(run);
        reject(signal?.reason);
      };
      if (active < maxInFlight) return run();
      queue.add(run);
      signal?.addEventListener('abort', leave, { once: true });
    });
  return Object.assign(limit, { load: () => ({ active, waiting: queue.size }) });
}
