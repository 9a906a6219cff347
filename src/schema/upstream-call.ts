/**
 * How a mutation calls the upstream: the rejections it expects become typed errors (members of its
 * result union), and a call that guesses a secret or sends a message runs inside an attempt budget.
 * Anything unexpected propagates unchanged and becomes an infrastructure GraphQL error.
 */
import type { McodeName } from '../contract/mcodes.js';
import type { Action, Target } from '../limits/attempt-limiter.js';
import { isUpstreamError } from '../upstream/errors.js';
import type { GraphQLContext } from './context.js';

/** The upstream rejections a call expects, by mcode, and the typed error each one becomes. */
export type ExpectedFailures = Partial<Record<McodeName, () => Error>>;

/** A typed failure class, such as InvalidCode. */
export type FailureClass = abstract new (...args: never[]) => Error;

export interface AttemptBudget {
  action: Action;
  /** A normalised phone or email, or a lookup of the account the attempt is against. */
  target: Target;
  /**
   * The failures that stay counted as guesses; any other outcome is given back to a budget that
   * counts failures. Without it every failure stays counted. Budgets that count every attempt
   * (code requests) keep each one whatever happens.
   */
  guesses?: readonly FailureClass[];
}

export interface UpstreamCallOptions {
  expected?: ExpectedFailures;
  budget?: AttemptBudget;
}

export async function callUpstream<T>(
  ctx: GraphQLContext,
  call: () => Promise<T>,
  { expected, budget }: UpstreamCallOptions = {},
): Promise<T> {
  const work = expected ? () => call().catch((error: unknown) => rethrowExpected(error, expected)) : call;
  if (!budget) return work();
  // Counted before the call and given back after: a burst of parallel guesses stays inside the budget.
  const attempt = await ctx.attempts.begin(budget.action, budget.target, ctx.clientAddress);
  try {
    const result = await work();
    await attempt.succeeded();
    return result;
  } catch (error) {
    if (!isGuess(budget, error)) await attempt.succeeded();
    throw error;
  }
}

function isGuess({ guesses }: AttemptBudget, error: unknown): boolean {
  return guesses === undefined || guesses.some((failure) => error instanceof failure);
}

function rethrowExpected(error: unknown, expected: ExpectedFailures): never {
  if (isUpstreamError(error) && error.code === 'UPSTREAM_REJECTED' && error.reason) {
    const make = expected[error.reason];
    if (make) throw make();
  }
  throw error;
}
