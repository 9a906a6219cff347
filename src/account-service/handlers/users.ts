/** 2.6 login, 2.7 search, 2.8 detail, 2.9 password change, 2.10 avatar. */
import { z } from 'zod';
import {
  PHONE_PATTERN,
  passwordMeetsPolicy,
  SEARCH_PAGE_MAX,
  SEARCH_PAGE_SIZE_MAX,
  SEARCH_VALUE_MAX,
} from '../../contract/rules.js';
import { avatarBodySchema, loginBodySchema, pwdSetBodySchema, SEARCH_TYPES } from '../../contract/wire.js';
import { ApiError, okAnswer } from '../http.js';
import { hashPassword, verifyAgainstDummy, verifyPassword } from '../passwords.js';
import type { AccountStore, TradingAccount, User } from '../store.js';
import { parseInput, requireAvatarUrl } from '../validation.js';
import { type Handler, queryObject } from './context.js';

/**
 * The user a 2.6 login name designates, tried in this order: a phone number, an email address
 * (case-insensitive), then a user name, which counts only when exactly one user of the tenant has
 * that name (a name shared by two users logs nobody in).
 */
export function findLoginUser(store: AccountStore, tenantId: string, loginName: string): User | undefined {
  if (loginName === '') return undefined;
  if (PHONE_PATTERN.test(loginName)) {
    const user = store.findUserByPhone(tenantId, loginName);
    if (user) return user;
  }
  if (loginName.includes('@')) {
    const user = store.findUserByEmail(tenantId, loginName);
    if (user) return user;
  }
  const named = store.findUsersByName(tenantId, loginName, 2);
  return named.length === 1 ? named[0] : undefined;
}

/** 2.6. A disabled user hears USER_DISABLED only after giving the right password. */
export const login: Handler = async (ctx) => {
  const body = parseInput(loginBodySchema, ctx.body);
  const user = findLoginUser(ctx.store, ctx.tenantId, body.loginName.trim());
  const ok = user
    ? await verifyPassword(body.password, user.passwordHash)
    : await verifyAgainstDummy(body.password);
  if (!user || !ok) throw new ApiError('INVALID_CREDENTIALS');
  if (!user.enabled) throw new ApiError('USER_DISABLED');
  const lastLoginTime = ctx.now();
  ctx.store.setLastLoginTime(ctx.tenantId, user.id, lastLoginTime);
  return okAnswer({ userId: user.id, phone: user.phone, language: user.language, lastLoginTime });
};

const positiveInt = (max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

const searchQuery = z.object({
  type: z.enum(SEARCH_TYPES),
  value: z.string().trim().min(1).max(SEARCH_VALUE_MAX),
  page: positiveInt(SEARCH_PAGE_MAX),
  size: positiveInt(SEARCH_PAGE_SIZE_MAX),
});

/**
 * 2.7. Matching: UserName, a case-insensitive substring of the name; Email, the whole address,
 * case-insensitive; Phone, a run of digits contained in the phone; TradeAccount, the exact account id.
 * Results are ordered by register time, then id.
 */
export const searchUsers: Handler = (ctx) => {
  const q = parseInput(searchQuery, queryObject(ctx.query, ['type', 'value', 'page', 'size']));
  if (q.type === 'Phone' && !/^\+?[0-9]{1,15}$/.test(q.value)) {
    throw new ApiError('INVALID_PARAMETER', 'invalid or missing field: value');
  }
  const offset = (q.page - 1) * q.size;
  const { users, total } = ctx.store.searchUsers(ctx.tenantId, q.type, q.value, q.size, offset);
  const accounts = ctx.store.accountIdsByUser(
    ctx.tenantId,
    users.map((u) => u.id),
  );
  const list = users.map((u) => ({
    accounts: accounts.get(u.id) ?? [],
    email: u.email,
    isEnable: u.enabled,
    lastLoginTime: u.lastLoginTime,
    phone: u.phone,
    pubUserId: u.id,
    realName: u.name,
    registerTime: u.registerTime,
  }));
  return okAnswer({ list, offset, pager: q.page, pages: Math.ceil(total / q.size), size: q.size, total });
};

/** One trading account in the 2.8 shape: the group fields are left out when there is no group. */
function wireAccount(a: TradingAccount): Record<string, unknown> {
  return {
    ...(a.groupId !== null ? { accountGroup: a.groupId, accountGroupName: a.groupName ?? '' } : {}),
    accountId: a.id,
    accountName: a.name,
    accountType: a.type,
    balance: a.balance,
    currency: a.currency,
    leverage: a.leverage,
    platformName: a.platform,
    serverName: a.server,
    status: a.status,
  };
}

export function userDetail(store: AccountStore, tenantId: string, user: User): Record<string, unknown> {
  return {
    accounts: store.tradingAccounts(tenantId, user.id).map(wireAccount),
    avatar: user.avatar,
    email: user.email,
    nickname: user.nickname,
    phone: user.phone,
    username: user.name,
  };
}

function requireUser(store: AccountStore, tenantId: string, userId: string): User {
  const user = store.findUserById(tenantId, userId);
  if (!user) throw new ApiError('USER_NOT_FOUND');
  return user;
}

/** 2.8. */
export const getUserDetail: Handler = (ctx) => {
  const user = requireUser(ctx.store, ctx.tenantId, ctx.params[0] ?? '');
  return okAnswer(userDetail(ctx.store, ctx.tenantId, user));
};

/** 2.9. */
export const changePassword: Handler = async (ctx) => {
  const body = parseInput(pwdSetBodySchema, ctx.body);
  const user = requireUser(ctx.store, ctx.tenantId, body.userId);
  if (body.newPwd !== body.verifyPwd) throw new ApiError('PASSWORD_MISMATCH');
  if (!passwordMeetsPolicy(body.newPwd)) throw new ApiError('PASSWORD_POLICY');
  if (!(await verifyPassword(body.origin, user.passwordHash))) throw new ApiError('WRONG_ORIGIN_PASSWORD');
  ctx.store.setPasswordHash(ctx.tenantId, user.id, await hashPassword(body.newPwd));
  return okAnswer();
};

/** 2.10. Answers the 2.8 detail with the new avatar. */
export const updateAvatar: Handler = (ctx) => {
  const body = parseInput(avatarBodySchema, ctx.body);
  const avatar = requireAvatarUrl(body.avatar);
  const user = requireUser(ctx.store, ctx.tenantId, ctx.params[0] ?? '');
  ctx.store.setAvatar(ctx.tenantId, user.id, avatar);
  return okAnswer(userDetail(ctx.store, ctx.tenantId, { ...user, avatar }));
};
