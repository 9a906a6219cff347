/**
 * User, an entity keyed by id, and the queries that reach users. A User may arrive with its search
 * record (2.7), its detail (2.8) or only its id; each field reads what the parent carries and loads
 * the rest through the request's loaders, so a query touches only the resources it selects.
 */
import { type GraphQLResolveInfo, Kind } from 'graphql';
import { z } from 'zod';
import type { SearchType, SearchUser, TaskType, UserDetail } from '../contract/wire.js';
import { isUpstreamError } from '../upstream/errors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import {
  grantedOnly,
  type Readable,
  readableUser,
  readableWith,
  requireAdmin,
  viewerUser,
} from './guards.js';
import { decodeCursor, encodeCursor, planPages } from './paging.js';
import { AccountProfileRef } from './profile.js';
import { TaskRef, TaskTypeRef } from './task.js';
import { TradingAccountRef, tradingAccountsOf } from './trading-account.js';
import { fromUpstreamTime } from './upstream-time.js';
import {
  avatarUrlRule,
  phoneFragmentRule,
  searchValueFor,
  tradingAccountIdRule,
  userIdRule,
  ValidationError,
} from './validation.js';

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

const UserSearchFieldRef = builder.enumType('UserSearchField', {
  values: {
    NAME: { value: 'UserName', description: 'Case-insensitive part of the name.' },
    EMAIL: { value: 'Email', description: 'The email address.' },
    PHONE: {
      value: 'Phone',
      description: 'Part of the phone number: digits, formatting ignored, no + or country code.',
    },
    TRADING_ACCOUNT: { value: 'TradeAccount', description: 'A trading account id, exactly.' },
  } as const,
});

/** Trimmed before the length checks: blanks alone are no search. */
const searchValueRule = z.string().trim().min(1, 'is required').max(254, 'is too long');

const UserSearchInput = builder.inputType('UserSearchInput', {
  // A PHONE value is phone digits like every phone the layer passes on (formatting out, no + or
  // country code), so `159 1234` finds what `1591234` finds; a TRADING_ACCOUNT value is an account id.
  validate: {
    schema: searchValueFor<{ field: SearchType; value: string }>({
      Phone: phoneFragmentRule,
      TradeAccount: z.string().trim().pipe(tradingAccountIdRule),
    }),
  },
  fields: (t) => ({
    field: t.field({ type: UserSearchFieldRef, required: true }),
    value: t.string({
      required: true,
      validate: { schema: searchValueRule },
    }),
  }),
});

const PageInfoRef = builder
  .objectRef<{
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  }>('PageInfo')
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
      startCursor: t.exposeString('startCursor', { nullable: true }),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  });

const UserEdgeRef = builder.objectRef<{ cursor: string; node: UserParent }>('UserEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: UserRef, resolve: (e) => e.node }),
  }),
});

interface UserConnection {
  edges: Array<{ cursor: string; node: UserParent }>;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: number;
}

const UserConnectionRef = builder.objectRef<UserConnection>('UserConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [UserEdgeRef], resolve: (c) => c.edges }),
    nodes: t.field({ type: [UserRef], resolve: (c) => c.edges.map((e) => e.node) }),
    pageInfo: t.field({ type: PageInfoRef, resolve: (c) => c.pageInfo }),
    totalCount: t.exposeInt('totalCount'),
  }),
});

export const USERS_PAGE_MAX = 100;
const pageSizeRule = z
  .number()
  .min(0, 'must be 0 or more')
  .max(USERS_PAGE_MAX, `must be at most ${USERS_PAGE_MAX}`);
const cursorRule = z
  .string()
  .refine((cursor) => decodeCursor(cursor) !== null, 'is not a cursor of this API');

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
  users: t.field({
    type: UserConnectionRef,
    description:
      'Search users (admins only). Cursors are opaque; any first/after returns exactly that slice.',
    args: {
      search: t.arg({ type: UserSearchInput, required: true }),
      first: t.arg.int({ defaultValue: 20, validate: { schema: pageSizeRule } }),
      after: t.arg.string({ validate: { schema: cursorRule } }),
    },
    resolve: async (_root, { search, first, after }, ctx) => {
      requireAdmin(ctx);
      const count = first ?? 20;
      const start = after ? (decodeCursor(after) ?? -1) + 1 : 0;
      const plan = planPages(start, count);
      const base = { type: search.field, value: search.value.trim() };
      const pages = await Promise.all(
        plan.pages.map((page) => ctx.loaders.searchPage.load({ ...base, page, size: plan.size })),
      );
      const total = pages[0]?.total ?? 0;
      const skip = start - ((plan.pages[0] ?? 1) - 1) * plan.size;
      const slice = pages.flatMap((p) => p.list).slice(skip, skip + count);
      const edges = slice.map((record, i) => ({
        cursor: encodeCursor(start + i),
        node: readableUser(ctx, { id: record.pubUserId, record }),
      }));
      return {
        edges,
        totalCount: total,
        pageInfo: {
          hasNextPage: start + edges.length < total,
          hasPreviousPage: start > 0,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },
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
