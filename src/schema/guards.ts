/**
 * Authorization: the REST API trusts whoever holds the tenant key, so the layer decides who may read
 * or change what. Failures are GraphQL errors with UNAUTHENTICATED or FORBIDDEN.
 */
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import type { McodeName } from '../contract/mcodes.js';
import type { Action, Target } from '../limits/attempt-limiter.js';
import { isUpstreamError } from '../upstream/errors.js';
import type { GraphQLContext } from './context.js';

export function unauthenticated(): GraphQLError {
  return new GraphQLError('Sign in first: send Authorization: Bearer <token> from the login mutation', {
    extensions: { code: 'UNAUTHENTICATED' },
  });
}

export function forbidden(message = 'You may not access this user'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

export function requireViewer(ctx: GraphQLContext): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

/** A viewer reads and changes only their own user; an admin may read any. */
export function requireSelfOrAdmin(ctx: GraphQLContext, userId: string): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.userId !== userId && !viewer.admin) throw forbidden();
  return viewer;
}

export function requireAdmin(ctx: GraphQLContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!viewer.admin) throw forbidden();
  return viewer;
}

/**
 * Rethrows an upstream rejection whose mcode the caller expects as the typed error it maps to;
 * anything else propagates unchanged (and becomes an infrastructure GraphQL error).
 */
export function rethrowExpected(error: unknown, expected: Partial<Record<McodeName, () => Error>>): never {
  if (isUpstreamError(error) && error.code === 'UPSTREAM_REJECTED' && error.reason) {
    const make = expected[error.reason];
    if (make) throw make();
  }
  throw error;
}

/**
 * Runs `work` inside the attempt budget of `action` for `target` (a normalised phone or email, or a
 * lookup of the account) and the caller's address. Failures that `isGuess` recognises stay counted;
 * anything else (success, an outage) is taken back.
 */
export async function withinAttemptLimit<T>(
  ctx: GraphQLContext,
  action: Action,
  target: Target,
  isGuess: (error: unknown) => boolean,
  work: () => Promise<T>,
): Promise<T> {
  const attempt = await ctx.attempts.begin(action, target, ctx.clientAddress);
  try {
    const result = await work();
    await attempt.succeeded();
    return result;
  } catch (error) {
    if (!isGuess(error)) await attempt.succeeded();
    throw error;
  }
}
