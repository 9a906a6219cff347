/** The concurrency limiter on its own. */
import { describe, expect, it } from 'vitest';
import { createLimiter } from '../../src/upstream/limiter.js';

const deferred = () => {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('limiter', () => {
  it('runs at most `max` tasks at once, the rest in arrival order', async () => {
    const limit = createLimiter(2);
    const gates = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      limit(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limit.load()).toEqual({ active: 2, waiting: 1 });
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(limit.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('lets a waiting task leave when its signal aborts, and frees a slot when a task throws at once', async () => {
    const limit = createLimiter(1);
    const gate = deferred();
    const first = limit(() => gate.promise);
    const abort = new AbortController();
    const waiting = limit(async () => 'never', abort.signal);
    abort.abort(new Error('gone'));
    await expect(waiting).rejects.toThrow('gone');
    expect(limit.load()).toEqual({ active: 1, waiting: 0 });
    gate.resolve();
    await first;
    await expect(
      limit(() => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(limit.load()).toEqual({ active: 0, waiting: 0 });
  });
});
