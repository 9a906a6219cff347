/**
 * What the server keeps per HTTP request beside the resolvers' context: the access record and the
 * entity representations spent so far. Apollo gives each operation of a batched request a shallow
 * copy of the context, so the scope rides on it as one shared object under a symbol (copied by
 * reference, unseen by resolvers) rather than in a map keyed by the context object.
 */
import type { GraphQLContext } from '../schema/context.js';
import type { AccessRecord } from './access-log.js';

export interface RequestScope {
  /** Absent for operations run in process (no HTTP request, no access line). */
  access?: AccessRecord;
  /** Entity representations resolved by the request's operations so far. */
  entities: number;
}

const SCOPE = Symbol('request scope');
type Scoped = GraphQLContext & { [SCOPE]?: RequestScope };

export function attachScope(context: GraphQLContext, scope: RequestScope): void {
  (context as Scoped)[SCOPE] = scope;
}

export function scopeOf(context: GraphQLContext): RequestScope | undefined {
  return (context as Scoped)[SCOPE];
}
