/** The upstream client's shared limit: requests take turns for free slots. */
import { describe, expect, it } from 'vitest';
import { createFairLimiter } from '../../src/upstream/fair-limiter.js';

const gate = () => {
  let open: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { closed, open };
};

describe('fair limiter', () => {
  it('gives each freed slot to the next request in turn, so a large batch cannot hold back a small query', async () => {
    const limit = createFairLimiter(2);
    const batch = {};
    const small = {};
    const order: string[] = [];
    const gates = new Map<string, ReturnType<typeof gate>>();
    const task = (name: string) => () => {
      order.push(name);
      const g = gate();
      gates.set(name, g);
      return g.closed;
    };
    const runs = Array.from({ length: 10 }, (_, i) => limit(batch, task(`batch ${i}`)));
    runs.push(limit(small, task('small')));
    await Promise.resolve();
    expect(order).toEqual(['batch 0', 'batch 1']);
    expect(limit.load()).toEqual({ active: 2, waiting: 9 });
    gates.get('batch 0')?.open();
    await new Promise((r) => setTimeout(r, 0));
    // The small query came after eight of the batch's calls, but takes the first slot that frees.
    expect(order).toEqual(['batch 0', 'batch 1', 'small']);
    for (let i = 1; i < 10; i++) {
      gates.get(`batch ${i}`)?.open();
      gates.get('small')?.open();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(runs);
    expect(order).toHaveLength(11);
    expect(limit.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('never starves a request that holds slots: one-call requests arriving all the time take turns with it', async () => {
    const limit = createFairLimiter(2);
    const batch = {};
    const order: string[] = [];
    const hold = gate();
    // The batch keeps one slot busy, so it always has more calls in flight than a new query.
    const held = limit(batch, () => hold.closed);
    const smalls: Promise<void>[] = [];
    let arrived = 0;
    const small = (): Promise<void> =>
      limit({}, async () => {
        order.push(`small ${arrived}`);
        // The next query arrives while this one runs: there is always one waiting.
        if (++arrived < 20) smalls.push(small());
      });
    smalls.push(small());
    const rest = ['batch 1', 'batch 2'].map((name) => limit(batch, async () => void order.push(name)));
    await Promise.all(rest);
    while (arrived < 20) await new Promise((r) => setTimeout(r, 0));
    hold.open();
    await held;
    await Promise.all(smalls);
    // New queries and the batch under way alternate: the batch gets every other freed slot.
    expect(order.slice(0, 5)).toEqual(['small 0', 'small 1', 'batch 1', 'small 2', 'batch 2']);
    expect(order).toHaveLength(22);
    expect(limit.load()).toEqual({ active: 0, waiting: 0 });
  });

  it('alternates between requests that both wait and hold as many slots', async () => {
    const limit = createFairLimiter(1);
    const a = {};
    const b = {};
    const order: string[] = [];
    const first = gate();
    const running = limit(a, () => first.closed);
    const queued = [
      ...['a1', 'a2', 'a3'].map((n) => limit(a, async () => void order.push(n))),
      ...['b1', 'b2'].map((n) => limit(b, async () => void order.push(n))),
    ];
    first.open();
    await running;
    await Promise.all(queued);
    // b had nothing in flight, so it goes first; then they alternate.
    expect(order).toEqual(['b1', 'a1', 'b2', 'a2', 'a3']);
  });

  it('lets a waiting call leave when its request is cancelled', async () => {
    const limit = createFairLimiter(1);
    const busy = gate();
    const running = limit({}, () => busy.closed);
    const cancel = new AbortController();
    const waiting = limit({}, async () => 'never', cancel.signal);
    cancel.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    expect(limit.load()).toEqual({ active: 1, waiting: 0 });
    busy.open();
    await running;
    expect(limit.load()).toEqual({ active: 0, waiting: 0 });
  });
});
