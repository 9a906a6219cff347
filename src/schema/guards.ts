/**
 * Authorization: the REST API trusts whoever holds the tenant key, so the layer decides who may read
 * or change what. Failures are GraphQL errors with UNAUTHENTICATED or FORBIDDEN.
 *
 * A user and what hangs off it (profile, tasks, trading accounts) are readable by that user and by
 * admins only. Their GraphQL types take `Readable` values, and only the grants below make one, each
 * after its check: a field that returns such a type without a grant does not compile, and each of
 * those types refuses, in `isTypeOf`, any value no grant made for the request at hand.
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

export function requireAdmin(ctx: GraphQLContext): Viewer {
  const viewer = requireViewer(ctx);
  if (!viewer.admin) throw forbidden();
  return viewer;
}

const GRANTED_TO: unique symbol = Symbol('granted to');

/** A value of a protected type, granted to one request (its context) by one of the grants below. */
export type Readable<T extends object> = T & { readonly [GRANTED_TO]: GraphQLContext };

/** The user `user.id`, with what is known of it: a viewer reads only their own, an admin any. */
export function readableUser<T extends { id: string }>(ctx: GraphQLContext, user: T): Readable<T> {
  const viewer = requireViewer(ctx);
  if (viewer.userId !== user.id && !viewer.admin) throw forbidden();
  return { ...user, [GRANTED_TO]: ctx };
}

/** The viewer's own user. */
export function viewerUser(ctx: GraphQLContext): Readable<{ id: string }> {
  return { id: requireViewer(ctx).userId, [GRANTED_TO]: ctx };
}

/**
 * The user a sign-in (a login, a registration) has just proven the caller to be, before any session
 * of theirs reached the layer: for signIn's answer only.
 */
export function signedInUser<T extends { id: string }>(ctx: GraphQLContext, user: T): Readable<T> {
  return { ...user, [GRANTED_TO]: ctx };
}

/** What was read through a readable user (its profile, a task, its trading accounts) is readable too. */
export function readableWith<T extends object>(owner: Readable<object>, value: T): Readable<T>;
export function readableWith<T extends object>(owner: Readable<object>, value: T | null): Readable<T> | null;
export function readableWith<T extends object>(owner: Readable<object>, value: T | null): Readable<T> | null {
  return value && { ...value, [GRANTED_TO]: owner[GRANTED_TO] };
}

/**
 * `isTypeOf` of a protected type: true for a value granted to this request; anything else is a field
 * that skipped its grant, a bug answered as an internal error rather than with someone's data.
 */
export function grantedOnly(typeName: string) {
  return (value: unknown, ctx: GraphQLContext): boolean => {
    if (typeof value === 'object' && value !== null && GRANTED_TO in value && value[GRANTED_TO] === ctx) {
      return true;
    }
    throw new Error(`${typeName} returned without an authorization grant`);
  };
}
