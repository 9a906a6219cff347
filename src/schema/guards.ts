/**
 * Authorization: the REST API trusts whoever holds the tenant key, so the layer decides who may read
 * or change what. Failures are GraphQL errors with UNAUTHENTICATED or FORBIDDEN.
 */
import { BlockList, isIP } from 'node:net';
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

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True when the caller's address (after the trusted proxies, see TRUST_PROXY_HOPS) is on this
 * machine's loopback interface: 127.0.0.0/8, ::1, or 127.x mapped into IPv6 (::ffff:127.0.0.1).
 */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
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
