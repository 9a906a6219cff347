/**
 * Authorization is a property of the types that hold a user's data: their values come only from a
 * grant (guards.ts), and each type refuses any other value, whichever field returns it. What the
 * compiler refuses is in authorization.test-d.ts.
 */
import {
  execute,
  type GraphQLFieldConfig,
  GraphQLObjectType,
  GraphQLSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/auth/viewer.js';
import type { GraphQLContext } from '../../src/schema/context.js';
import { readableUser } from '../../src/schema/guards.js';
import { getSchema } from '../../src/schema/index.js';

/** The types whose values only a grant makes. */
const PROTECTED = ['User', 'TradingAccount', 'AccountProfile', 'Task'];
/** Types that hold a user's data below the protected ones. */
const OWNED = ['AccountGroup', 'ProfileBase', 'ProfileCert', 'ProfileFinance', 'Address', 'PhoneNumber'];

const viewer = (userId: string): Viewer => ({
  userId,
  admin: false,
  expiresAt: new Date(Date.now() + 60_000),
});
const contextOf = (userId: string) => ({ viewer: viewer(userId) }) as GraphQLContext;

/** The schema with one more root field returning a User, as a careless new field would. */
function withField(resolve: GraphQLFieldConfig<unknown, GraphQLContext>['resolve']): GraphQLSchema {
  const schema = getSchema();
  const query = schema.getQueryType();
  const user = schema.getType('User');
  if (!query || !isObjectType(user)) throw new Error('no Query or User');
  const config = schema.toConfig();
  const fields = { ...query.toConfig().fields, extra: { type: user, resolve } };
  return new GraphQLSchema({
    ...config,
    query: new GraphQLObjectType({ ...query.toConfig(), fields }),
    types: config.types.filter((type) => type !== query),
  });
}

describe('authorization', () => {
  it('is checked by each protected type on every value a field returns', () => {
    const schema = getSchema();
    for (const name of PROTECTED) {
      const type = schema.getType(name);
      expect(isObjectType(type) && typeof type.isTypeOf === 'function', name).toBe(true);
    }
  });

  it('refuses a User that a field returns without a grant, or with another request’s', async () => {
    const ctx = contextOf('u1');
    const document = parse('{ extra { id } }');
    const ungranted = await execute({ schema: withField(() => ({ id: 'u1' })), document, contextValue: ctx });
    expect(ungranted.data).toEqual({ extra: null });
    expect(ungranted.errors?.map((e) => e.message)).toEqual(['User returned without an authorization grant']);

    const stale = readableUser(contextOf('u1'), { id: 'u1' });
    const foreign = await execute({ schema: withField(() => stale), document, contextValue: ctx });
    expect(foreign.errors?.map((e) => e.message)).toEqual(['User returned without an authorization grant']);

    const granted = await execute({
      schema: withField((_root, _args, context) => readableUser(context, { id: 'u1' })),
      document,
      contextValue: ctx,
    });
    expect(granted).toEqual({ data: { extra: { id: 'u1' } } });
  });

  it('grants a viewer their own user only', () => {
    expect(() => readableUser(contextOf('u1'), { id: 'u2' })).toThrow('You may not access this user');
    expect(() => readableUser({ viewer: null } as GraphQLContext, { id: 'u1' })).toThrow('Sign in first');
  });

  it('reaches a user’s data from the roots only through a protected type', () => {
    const schema = getSchema();
    const roots = [schema.getQueryType(), schema.getMutationType()].filter(
      (t) => t !== null && t !== undefined,
    );
    const reached = new Set<string>();
    const visit = (name: string) => {
      if (reached.has(name) || PROTECTED.includes(name)) return;
      reached.add(name);
      const type = schema.getType(name);
      if (isUnionType(type)) for (const member of type.getTypes()) visit(member.name);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) visit(getNamedType(field.type).name);
      }
    };
    for (const root of roots) visit(root.name);
    expect(OWNED.filter((name) => !schema.getType(name))).toEqual([]);
    expect(OWNED.filter((name) => reached.has(name))).toEqual([]);
    // The walk went past the roots: Session (login's answer) holds a User.
    expect(reached.has('Session')).toBe(true);
  });
});
