/**
 * Authorization: the REST API trusts whoever holds the tenant key, so the layer decides who may read
 * or change what. Failures are GraphQL errors with UNAUTHENTICATED or FORBIDDEN.
 */
import { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
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
