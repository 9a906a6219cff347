/**
 * The users search (admins only): 2.7's page/size paging served as a Relay connection, where any
 * first/after answers exactly that slice from the fewest upstream pages.
 */
import { z } from 'zod';
import type { SearchType } from '../contract/wire.js';
import { builder } from './builder.js';
import { readableUser, requireAdmin } from './guards.js';
import { decodeCursor, encodeCursor, planPages } from './paging.js';
import { type UserParent, UserRef } from './user.js';
import { phoneFragmentRule, searchValueFor, tradingAccountIdRule } from './validation.js';

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
