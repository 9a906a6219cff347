/**
 * A limit on upstream calls in flight across all requests, shared fairly: while every slot is taken,
 * waiting calls are queued per owner (one GraphQL request), and a slot that frees goes to the waiting
 * owner with the fewest calls in flight (the longest waiting of those on a tie), not to the oldest
 * call. A router's batch of fifty entities then cannot make a one-call query wait behind it: the
 * query takes the next slot that frees.
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
  // Owners with waiting tasks, in the order they started waiting.
  const waitingOwners = new Set<Owner>();

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
    let chosen: Owner | undefined;
    for (const owner of waitingOwners) if (!chosen || owner.active < chosen.active) chosen = owner;
    if (!chosen) return;
    const run = chosen.queue.values().next().value as () => void;
    chosen.queue.delete(run);
    waitingOwners.delete(chosen);
    // Back to the end of the line, if it has more to run.
    if (chosen.queue.size > 0) waitingOwners.add(chosen);
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
          if (owner.queue.size === 0) waitingOwners.delete(owner);
          forget(key, owner);
        }
        reject(signal?.reason);
      };
      if (active < maxInFlight) return run();
      owner.queue.add(run);
      waitingOwners.add(owner);
      waiting++;
      signal?.addEventListener('abort', leave, { once: true });
    });
  return Object.assign(limit, { load: () => ({ active, waiting }) });
}
