/**
 * A FIFO limit on concurrent async work: one per request, shared by all its loaders, and one per
 * upstream client, sized to its socket pool.
 */
export interface Limiter {
  <T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now, and tasks waiting for a slot. */
  load(): { active: number; waiting: number };
}

export function createLimiter(maxInFlight: number): Limiter {
  let active = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    active--;
    queue.shift()?.();
  };
  const limit = <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      const run = () => {
        active++;
        task().then(resolve, reject).finally(next);
      };
      if (active < maxInFlight) run();
      else queue.push(run);
    });
  return Object.assign(limit, { load: () => ({ active, waiting: queue.length }) });
}
