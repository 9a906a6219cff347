/**
 * TradingAccount, an entity keyed by its account id. Full accounts come from the owner's detail
 * (2.8); the contract has no fetch by account id, so a reference is resolved by searching the
 * account id (2.7, type TradeAccount) for its owner, then reading the owner's detail.
 */
import { z } from 'zod';
import type { TradingAccountData } from '../contract/wire.js';
import { builder } from './builder.js';
import {
  forbidden,
  grantedOnly,
  type Readable,
  readableUser,
  readableWith,
  requireViewer,
} from './guards.js';
import { tradingAccountIdRule } from './validation.js';

export type TradingAccountParent = Readable<TradingAccountData>;

/** A readable user's trading accounts (from its detail, or only their ids from a search hit). */
export function tradingAccountsOf(
  owner: Readable<object>,
  accounts: TradingAccountData[] | null | undefined,
): TradingAccountParent[] {
  return (accounts ?? []).map((account) => readableWith(owner, account));
}

const TradingAccountTypeRef = builder.enumType('TradingAccountType', {
  values: { LIVE: { value: 'Live' }, DEMO: { value: 'Demo' } } as const,
});

const AccountGroupRef = builder.objectRef<{ id: string; name: string | null }>('AccountGroup').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { nullable: true }),
  }),
});

export const TradingAccountRef = builder.objectRef<TradingAccountParent>('TradingAccount').implement({
  description: 'A trading account on a trading platform (MT4, MT5, ...), live or demo.',
  isTypeOf: grantedOnly('TradingAccount'),
  fields: (t) => ({
    id: t.id({ description: 'The account number on its platform.', resolve: (a) => a.accountId }),
    name: t.string({ nullable: true, resolve: (a) => a.accountName ?? null }),
    type: t.field({
      type: TradingAccountTypeRef,
      nullable: true,
      description: 'Null when the account service reports a type this schema does not know.',
      resolve: (a) => (a.accountType === 'Live' || a.accountType === 'Demo' ? a.accountType : null),
    }),
    balance: t.float({ nullable: true, resolve: (a) => a.balance ?? null }),
    currency: t.string({ nullable: true, resolve: (a) => a.currency ?? null }),
    leverage: t.int({ nullable: true, resolve: (a) => a.leverage ?? null }),
    platform: t.string({ nullable: true, resolve: (a) => a.platformName ?? null }),
    server: t.string({ nullable: true, resolve: (a) => a.serverName ?? null }),
    group: t.field({
      type: AccountGroupRef,
      nullable: true,
      resolve: (a) => (a.accountGroup ? { id: a.accountGroup, name: a.accountGroupName ?? null } : null),
    }),
    active: t.boolean({ nullable: true, resolve: (a) => a.status ?? null }),
  }),
});

/** What a router sends for a TradingAccount: checked before resolveReference (entity-representations.ts). */
export const tradingAccountRepresentation = z.strictObject({
  __typename: z.literal('TradingAccount'),
  id: tradingAccountIdRule,
});

builder.asEntity(TradingAccountRef, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: async ({ id }, ctx) => {
    const viewer = requireViewer(ctx);
    const owner = await ctx.loaders.accountOwner.load(id);
    // For a viewer, an unknown account and someone else's answer alike: no probing for account ids.
    if (!owner && !viewer.admin) throw forbidden();
    if (!owner) return null;
    const user = readableUser(ctx, { id: owner.pubUserId });
    const detail = await ctx.loaders.userDetail.load(user.id);
    return tradingAccountsOf(user, detail.accounts).find((a) => a.accountId === id) ?? null;
  },
});
