import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MCODES } from '../../src/contract/mcodes.js';
import { createAttemptLimiter, DEFAULT_POLICIES } from '../../src/limits/attempt-limiter.js';
import { type CounterStore, createMemoryStore } from '../../src/limits/store.js';
import type { GraphQLContext } from '../../src/schema/context.js';
import { InvalidCode, InvalidCredentials } from '../../src/schema/errors.js';
import { callUpstream } from '../../src/schema/upstream-call.js';
import { UpstreamError } from '../../src/upstream/errors.js';

const rejected = (mcode: string) =>
  new UpstreamError('UPSTREAM_REJECTED', 'rejected', { section: '2.2', mcode, status: 200 });
const outage = () => new UpstreamError('UPSTREAM_UNAVAILABLE', 'down', { section: '2.2', outage: true });

describe('callUpstream', () => {
  let store: CounterStore;
  beforeEach(() => {
    store = createMemoryStore();
  });
  afterEach(() => store.close());

  /** Only what callUpstream reads of a request context, with a real limiter: one guess allowed. */
  function context(): { ctx: GraphQLContext } {
    const limiter = createAttemptLimiter(store, {
      ...DEFAULT_POLICIES,
      verifyPhoneCode: {
        perTarget: { max: 1, windowMs: 60_000 },
        perAddress: { max: 100, windowMs: 60_000 },
        counts: 'failures',
      },
    });
    return { ctx: { attempts: limiter, clientAddress: 'ip' } as GraphQLContext };
  }
  const codeFailures = { CODE_INVALID: () => new InvalidCode('WRONG_OR_EXPIRED') };

  it('turns an expected rejection into its typed error and passes anything else on as it is', async () => {
    const { ctx } = context();
    await expect(
      callUpstream(ctx, () => Promise.reject(rejected(MCODES.CODE_INVALID.code)), { expected: codeFailures }),
    ).rejects.toBeInstanceOf(InvalidCode);
    const down = outage();
    await expect(callUpstream(ctx, () => Promise.reject(down), { expected: codeFailures })).rejects.toBe(
      down,
    );
    const other = rejected(MCODES.TICKET_INVALID.code);
    await expect(callUpstream(ctx, () => Promise.reject(other), { expected: codeFailures })).rejects.toBe(
      other,
    );
  });

  it('keeps a guess counted and gives back successes, outages and failures that are not guesses', async () => {
    const { ctx } = context();
    const budget = { action: 'verifyPhoneCode', target: '15912345678', guesses: [InvalidCode] } as const;
    await expect(callUpstream(ctx, async () => 'ticket', { budget })).resolves.toBe('ticket');
    await expect(callUpstream(ctx, () => Promise.reject(outage()), { budget })).rejects.toThrow('down');
    await expect(
      callUpstream(ctx, () => Promise.reject(new InvalidCredentials()), { budget }),
    ).rejects.toBeInstanceOf(InvalidCredentials);
    // Nothing above was a guess: the one allowed guess is still there, and then it is spent.
    await expect(
      callUpstream(ctx, () => Promise.reject(rejected(MCODES.CODE_INVALID.code)), {
        budget,
        expected: codeFailures,
      }),
    ).rejects.toBeInstanceOf(InvalidCode);
    await expect(callUpstream(ctx, async () => 'ticket', { budget })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
  });

  it('counts every failure when the budget names no guesses, and makes no call over budget', async () => {
    const { ctx } = context();
    const budget = { action: 'verifyPhoneCode', target: '15900000000' } as const;
    await expect(callUpstream(ctx, () => Promise.reject(outage()), { budget })).rejects.toThrow('down');
    let calls = 0;
    await expect(callUpstream(ctx, async () => calls++, { budget })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    expect(calls).toBe(0);
  });
});
