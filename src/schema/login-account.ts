/**
 * The account a login name designates, found the way the account service's login (2.6) finds it: as
 * a phone, then as an email (case-insensitive), then as a user name that exactly one user of the
 * tenant has. Login attempts are budgeted per account, so a guesser gains nothing by switching
 * between an account's phone, email and name. The contract has no lookup by login name; the search
 * (2.7) stands in for it.
 */
import type { Loaders } from './loaders.js';

/** The budget key of a login name: its account's id when it names one, else the name itself. */
export async function loginBudgetKey(loaders: Loaders, loginName: string): Promise<string> {
  const userId = await loginAccountId(loaders, loginName);
  return userId ? `user:${userId}` : `name:${loginName.trim()}`;
}

/**
 * Every search that applies runs every time, in parallel, whichever one finds the account and
 * whether or not any does: the work, and so the answer time, does not tell who has an account.
 */
export async function loginAccountId(loaders: Loaders, loginName: string): Promise<string | null> {
  const name = loginName.trim();
  const lowered = name.toLowerCase();
  const none = { users: [] };
  const [byPhone, byEmail, byName] = await Promise.all([
    /^[0-9]{6,15}$/.test(name) ? loaders.searchExact('Phone', name, (u) => u.phone === name) : none,
    name.includes('@') ? loaders.searchExact('Email', name, (u) => u.email?.toLowerCase() === lowered) : none,
    loaders.searchExact('UserName', name, (u) => u.realName === name),
  ]);
  const only = byName.users.length === 1 ? byName.users[0] : undefined;
  return (byPhone.users[0] ?? byEmail.users[0] ?? only)?.pubUserId ?? null;
}
