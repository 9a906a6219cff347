/**
 * User, an entity keyed by id, and the queries that reach users. A User may arrive with its search
 * record (2.7), its detail (2.8) or only its id; each field reads what the parent carries and loads
 * the rest through the request's loaders, so a query touches only the resources it selects.
 */
import { type GraphQLResolveInfo, Kind } from 'graphql';
import { z } from 'zod';
import type { SearchUser, TaskType, UserDetail } from '../contract/wire.js';
import { isUpstreamError } from '../upstream/errors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { grantedOnly, type Readable, readableUser, readableWith, viewerUser } from './guards.js';
import { AccountProfileRef } from './profile.js';
import { TaskRef, TaskTypeRef } from './task.js';
import { TradingAccountRef, tradingAccountsOf } from './trading-account.js';
import { fromUpstreamTime } from './upstream-time.js';
import { avatarUrlRule, userIdRule, ValidationError } from './validation.js';

/** What is known of a user: its id, and its search hit, detail or language when at hand. */
export interface UserFacts {
  id: string;
  record?: SearchUser | null;
  detail?: UserDetail;
  /** Known only right after login (2.6). */
  language?: string | null;
}

/** A User as its fields see it: granted to the request (guards.ts). */
export type UserParent = Readable<UserFacts>;

const detailOf = (user: UserParent, ctx: GraphQLContext) =>
  user.detail ?? ctx.loaders.userDetail.load(user.id);
const recordOf = async (user: UserParent, ctx: GraphQLContext) =>
  user.record !== undefined ? user.record : ctx.loaders.userRecord.load(user.id);

/** A field the search record and the detail both carry: no upstream call when either is at hand. */
const fromEither =
  (
    fromRecord: (r: SearchUser) => string | null | undefined,
    fromDetail: (d: UserDetail) => string | null | undefined,
  ) =>
  async (user: UserParent, _args: unknown, ctx: GraphQLContext) => {
    if (user.detail) return fromDetail(user.detail) ?? null;
    if (user.record) return fromRecord(user.record) ?? null;
    return fromDetail(await detailOf(user, ctx)) ?? null;
  };

/** True when every occurrence of the field selects only `id` (or `__typename`), with no directive. */
function selectsIdsOnly(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.every(
    (node) =>
      node.selectionSet?.selections.every(
        (s) =>
          s.kind === Kind.FIELD &&
          (s.name.value === 'id' || s.name.value === '__typename') &&
          !s.directives?.length,
      ) ?? false,
  );
}

export const UserRef = builder.objectRef<UserParent>('User').implement({
  description: 'A Trader Work user of the tenant.',
  isTypeOf: grantedOnly('User'),
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.string({
      nullable: true,
      resolve: fromEither(
        (r) => r.realName,
        (d) => d.username,
      ),
    }),
    email: t.string({
      nullable: true,
      resolve: fromEither(
        (r) => r.email,
        (d) => d.email,
      ),
    }),
    phone: t.string({
      nullable: true,
      resolve: fromEither(
        (r) => r.phone,
        (d) => d.phone,
      ),
    }),
    nickname: t.string({
      nullable: true,
      resolve: async (u, _a, ctx) => (await detailOf(u, ctx)).nickname ?? null,
    }),
    avatar: t.string({
      nullable: true,
      description: 'Avatar URL, possibly protocol-relative (//host/path).',
      resolve: async (u, _a, ctx) => (await detailOf(u, ctx)).avatar ?? null,
    }),
    enabled: t.boolean({
      nullable: true,
      resolve: async (u, _a, ctx) => (await recordOf(u, ctx))?.isEnable ?? null,
    }),
    registeredAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (u, _a, ctx) => fromUpstreamTime((await recordOf(u, ctx))?.registerTime),
    }),
    lastLoginAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: async (u, _a, ctx) => fromUpstreamTime((await recordOf(u, ctx))?.lastLoginTime),
    }),
    language: t.string({
      nullable: true,
      description: 'The language of the user interface, e.g. en-US. Known in the login answer only.',
      resolve: (u) => u.language ?? null,
    }),
    tradingAccounts: t.field({
      type: [TradingAccountRef],
      resolve: async (u, _a, ctx, info) => {
        // A search hit lists its account ids: asking for the ids alone costs no detail call per user.
        if (!u.detail && u.record?.accounts && selectsIdsOnly(info)) {
          return tradingAccountsOf(
            u,
            u.record.accounts.map((accountId) => ({ accountId })),
          );
        }
        return tradingAccountsOf(u, (await detailOf(u, ctx)).accounts);
      },
    }),
    profile: t.field({
      type: AccountProfileRef,
      nullable: true,
      resolve: async (u, _a, ctx) => readableWith(u, await ctx.loaders.profile.load(u.id)),
    }),
    task: t.field({
      type: TaskRef,
      nullable: true,
      description: 'The latest task of this type, or null when there is none.',
      args: { type: t.arg({ type: TaskTypeRef, required: true }) },
      resolve: async (u, { type }, ctx) =>
        readableWith(u, await ctx.loaders.task.load({ userId: u.id, type: type as TaskType })),
    }),
  }),
});

/** What a router sends for a User: checked before resolveReference (entity-representations.ts). */
export const userRepresentation = z.strictObject({ __typename: z.literal('User'), id: userIdRule });

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  // Async on purpose: a synchronous throw would fail the whole `_entities` list, not this entity alone.
  // Through the detail loader: each distinct user is fetched once per request, and an unknown id
  // resolves to null like any missing entity.
  resolveReference: async ({ id }, ctx) => withDetail(ctx, readableUser(ctx, { id })),
});

/**
 * The user with its detail, or null when the account service knows no such user. Granted first, so
 * whether a user exists is told to those who may read it only.
 */
async function withDetail(ctx: GraphQLContext, user: UserParent): Promise<UserParent | null> {
  try {
    return { ...user, detail: await ctx.loaders.userDetail.load(user.id) };
  } catch (error) {
    if (isUpstreamError(error) && error.is('USER_NOT_FOUND')) return null;
    throw error;
  }
}

// ---- queries ----

builder.queryFields((t) => ({
  me: t.field({
    type: UserRef,
    description: 'The signed-in user.',
    resolve: (_root, _args, ctx) => viewerUser(ctx),
  }),
  user: t.field({
    type: UserRef,
    nullable: true,
    description:
      'A user by id: the viewer themself, or anyone for an admin. Null when there is no such user.',
    args: {
      id: t.arg.id({
        required: true,
        validate: { schema: userIdRule },
      }),
    },
    resolve: (_root, { id }, ctx) => withDetail(ctx, readableUser(ctx, { id: String(id) })),
  }),
}));

// ---- mutations ----

builder.mutationField('updateAvatar', (t) =>
  t.field({
    type: UserRef,
    description: "Sets the viewer's avatar URL.",
    errors: { types: [ValidationError], directResult: true },
    args: { url: t.arg.string({ required: true, validate: { schema: avatarUrlRule } }) },
    resolve: async (_root, { url }, ctx) => {
      const user = viewerUser(ctx);
      const detail = await ctx.api.updateAvatar(user.id, url);
      ctx.loaders.userDetail.clear(user.id).prime(user.id, detail);
      return { ...user, detail };
    },
  }),
);
