/**
 * What the compiler must refuse (checked by `tsc --noEmit`, not run): a field that returns a User
 * or what hangs off it without a grant from guards.ts.
 */
import type { ProfileData, TaskData } from '../../src/contract/wire.js';
import { builder } from '../../src/schema/builder.js';
import { readableUser, readableWith } from '../../src/schema/guards.js';
import { AccountProfileRef } from '../../src/schema/profile.js';
import { TaskRef } from '../../src/schema/task.js';
import { tradingAccountsOf } from '../../src/schema/trading-account.js';
import { UserRef } from '../../src/schema/user.js';

declare const profile: ProfileData;
declare const task: TaskData;

builder.queryFields((t) => ({
  granted: t.field({ type: UserRef, resolve: (_root, _args, ctx) => readableUser(ctx, { id: 'u1' }) }),
  ungranted: t.field({
    type: UserRef,
    // @ts-expect-error a User made without a grant
    resolve: () => ({ id: 'u1' }),
  }),
  grantedProfile: t.field({
    type: AccountProfileRef,
    resolve: (_root, _args, ctx) => readableWith(readableUser(ctx, { id: 'u1' }), profile),
  }),
  ungrantedProfile: t.field({
    type: AccountProfileRef,
    // @ts-expect-error a profile read without its user's grant
    resolve: () => profile,
  }),
  ungrantedTask: t.field({
    type: TaskRef,
    // @ts-expect-error a task read without its user's grant
    resolve: () => task,
  }),
}));

// @ts-expect-error trading accounts need their owner's grant, not only its id
tradingAccountsOf('u1', []);
