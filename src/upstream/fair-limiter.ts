/**
 * A limit on upstream calls in flight across all requests, shared fairly: while every slot is taken,
 * waiting calls are queued per owner (one GraphQL request), and freed slots go to owners, not to the
 * oldest call. Two lines: owners that started waiting with no call in flight (a new query) and the
 * rotation of owners that have calls in flight (a batch under way), each served one call at a time
 * in turn; freed slots alternate between the two lines. A one-call query then waits for about one
 * freed slot whatever the batches queued, and no stream of new queries can take more than half the
 * slots from a batch under way. Choosing is O(1): a backlog of thousands of waiting requests (an
 * outage) drains in linear time.
 */
export interface FairLimiter {
  /** Runs `task` for `owner` when a slot is free; a task still waiting when `signal` aborts leaves. */
  <T>(owner: object, task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Tasks running now, and tasks waiting for a slot. */
  load(): { active: number; waiting: number };
}

interface Owner {
  active: number;
  /** Waiting tasks, in arrival order. */
  queue: Set<() => void>;
}

export function createFairLimiter(maxInFlight: number): FairLimiter {
  let active = 0;
  let waiting = 0;
  const owners = new Map<object, Owner>();
  // Owners with waiting tasks, the next to be served first: new ones, and those with calls in flight.
  const fresh = new Set<Owner>();
  const rotation = new Set<Owner>();
  let freshTurn = true;
  const unqueue = (owner: Owner) => fresh.delete(owner) || rotation.delete(owner);

  const ownerOf = (key: object) => {
    let owner = owners.get(key);
    if (!owner) {
      owner = { active: 0, queue: new Set() };
      owners.set(key, owner);
    }
    return owner;
  };
  const forget = (key: object, owner: Owner) => {
    if (owner.active === 0 && owner.queue.size === 0) owners.delete(key);
  };

  const next = () => {
    const line = (freshTurn && fresh.size > 0) || rotation.size === 0 ? fresh : rotation;
    const chosen = line.values().next().value;
    if (!chosen) return;
    freshTurn = line !== fresh;
    const run = chosen.queue.values().next().value as () => void;
    chosen.queue.delete(run);
    line.delete(chosen);
    // To the end of the rotation (it has a call in flight now), if it has more to run.
    if (chosen.queue.size > 0) rotation.add(chosen);
    waiting--;
    run();
  };

  const limit = <T>(key: object, task: () => Promise<T>, signal?: AbortSignal) =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const owner = ownerOf(key);
      // The slot is given back before the caller hears the answer.
      const done = () => {
        active--;
        owner.active--;
        forget(key, owner);
        next();
      };
      const run = () => {
        signal?.removeEventListener('abort', leave);
        active++;
        owner.active++;
        let running: Promise<T>;
        try {
          running = task();
        } catch (error) {
          running = Promise.reject(error);
        }
        running.then(
          (value) => {
            done();
            resolve(value);
          },
          (error: unknown) => {
            done();
            reject(error);
          },
        );
      };
      // Nobody waits for the answer any more: give the place up rather than run late.
      const leave = () => {
        if (owner.queue.delete(run)) {
          waiting--;
          if (owner.queue.size === 0) unqueue(owner);
          forget(key, owner);
        }
        reject(signal?.reason);
      };
      if (active < maxInFlight) return run();
      owner.queue.add(run);
      if (!fresh.has(owner) && !rotation.has(owner)) (owner.active === 0 ? fresh : rotation).add(owner);
      waiting++;
      signal?.addEventListener('abort', leave, { once: true });
    });
  return Object.assign(limit, { load: () => ({ active, waiting }) });
}
