/**
 * Fresh DataLoaders for one request: identical keys are fetched once, independent keys concurrently,
 * with at most `concurrency` upstream calls in flight for the whole request. The contract has no
 * batch endpoints, so a batch is a set of single calls run through the shared limiter.
 */
import DataLoader from 'dataloader';
import { SEARCH_PAGE_SIZE_MAX, type SearchType, type SearchUser, type TaskType } from '../contract/wire.js';
import type { LworkApi, SearchParams } from '../upstream/endpoints.js';
import { createLimiter, type Limiter } from '../upstream/limiter.js';

/**
 * Pages an exact lookup reads at most (500 users): more users whose phone or name contains the
 * value than that, and the lookup gives up rather than read the whole tenant.
 */
export const EXACT_SEARCH_MAX_PAGES = 5;

/** `onBatch` observes each batch's loader name and size (metrics). */
export function createLoaders(
  api: LworkApi,
  concurrency: number,
  onBatch?: (loader: string, size: number) => void,
) {
  const limit = createLimiter(concurrency);

  const each = batchedLoader(limit, onBatch);
  const userDetail = each('userDetail', (userId: string) => api.userDetail(userId));
  const profile = each('profile', (userId: string) => api.profile(userId));
  const task = each(
    'task',
    (key: TaskKey) => api.taskState(key.userId, key.type),
    (key) => `${key.userId}\u0000${key.type}`,
  );
  const searchPage = each(
    'searchPage',
    (params: SearchParams) => api.searchUsers(params),
    (p) => JSON.stringify([p.type, p.value, p.page, p.size]),
  );

  /**
   * The users a search finds that `match` accepts, where the contract offers no fetch by id or name:
   * Phone and UserName searches match parts, so the exact hit may sit on any page. Reads page after
   * page, at most `maxPages`; `complete` says whether every page was read.
   */
  const searchExact = async (
    type: SearchType,
    value: string,
    match: (user: SearchUser) => boolean,
    maxPages = EXACT_SEARCH_MAX_PAGES,
  ): Promise<{ users: SearchUser[]; complete: boolean }> => {
    const users = new Map<string, SearchUser>();
    for (let page = 1; page <= maxPages; page++) {
      const found = await searchPage.load({ type, value, page, size: SEARCH_PAGE_SIZE_MAX });
      for (const user of found.list) if (match(user)) users.set(user.pubUserId, user);
      if (page >= found.pages) return { users: [...users.values()], complete: true };
    }
    return { users: [...users.values()], complete: false };
  };
  const searchOne = async (type: SearchType, value: string, match: (user: SearchUser) => boolean) =>
    (await searchExact(type, value, match)).users[0] ?? null;

  /**
   * A user's search record (enabled, registration and last login times), which the detail (2.8)
   * lacks: found by searching the user's own email, else phone, and matching the id.
   */
  const userRecord = new DataLoader<string, SearchUser | null>(async (ids) =>
    Promise.all(
      ids.map(async (id) => {
        try {
          const detail = await userDetail.load(id);
          const isUser = (u: SearchUser) => u.pubUserId === id;
          if (detail.email) return await searchOne('Email', detail.email, isUser);
          if (detail.phone) return await searchOne('Phone', detail.phone, isUser);
          return null;
        } catch (error) {
          return toError(error);
        }
      }),
    ),
  );

  /** The search record of the owner of a trading account: the contract's only way from account to user. */
  const accountOwner = new DataLoader<string, SearchUser | null>(async (accountIds) =>
    Promise.all(
      accountIds.map((accountId) =>
        searchOne('TradeAccount', accountId, (u) => (u.accounts ?? []).includes(accountId)).catch(toError),
      ),
    ),
  );

  return { userDetail, profile, task, searchPage, searchExact, searchOne, userRecord, accountOwner };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface TaskKey {
  userId: string;
  type: TaskType;
}

/** Loaders whose batch runs one upstream call per distinct key, through the request's limiter. */
function batchedLoader(limit: Limiter, onBatch: ((loader: string, size: number) => void) | undefined) {
  return <K, V>(name: string, fetch: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => string) =>
    new DataLoader<K, V, string | K>(
      (keys) => {
        onBatch?.(name, keys.length);
        return Promise.all(keys.map((key) => limit(() => fetch(key)).catch(toError)));
      },
      cacheKeyFn ? { cacheKeyFn } : {},
    );
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
