/**
 * The account a login name designates, found the way the account service's login (2.6) finds it: as
 * a phone, then as an email (case-insensitive), then as a user name that exactly one user of the
 * tenant has. Login attempts are budgeted per account, so a guesser gains nothing by switching
 * between an account's phone, email and name. The contract has no lookup by login name; the search
 * (2.7) stands in for it.
 */
import { SEARCH_PAGE_SIZE_MAX, type SearchType, type SearchUser } from '../contract/wire.js';
import type { Loaders } from './loaders.js';

/**
 * Pages read per search at most. A name contained in more user names than this (a huge tenant and a
 * very common name) may stay unresolved and be budgeted by itself.
 */
export const LOOKUP_MAX_PAGES = 5;

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
  const [byPhone, byEmail, byName] = await Promise.all([
    /^[0-9]{6,15}$/.test(name) ? matching(loaders, 'Phone', name, (u) => u.phone === name) : [],
    name.includes('@') ? matching(loaders, 'Email', name, (u) => u.email?.toLowerCase() === lowered) : [],
    matching(loaders, 'UserName', name, (u) => u.realName === name),
  ]);
  return byPhone[0] ?? byEmail[0] ?? (byName.length === 1 ? (byName[0] ?? null) : null);
}

/** Ids of the users a search finds that `match` accepts (Phone and UserName match substrings). */
async function matching(
  loaders: Loaders,
  type: SearchType,
  value: string,
  match: (user: SearchUser) => boolean,
): Promise<string[]> {
  const ids = new Set<string>();
  for (let page = 1; page <= LOOKUP_MAX_PAGES; page++) {
    const found = await loaders.searchPage.load({ type, value, page, size: SEARCH_PAGE_SIZE_MAX });
    for (const user of found.list) if (match(user)) ids.add(user.pubUserId);
    if (page >= found.pages) break;
  }
  return [...ids];
}
