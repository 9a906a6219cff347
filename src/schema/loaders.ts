/**
 * Fresh DataLoaders for one request: identical keys are fetched once, independent keys concurrently,
 * with at most `concurrency` upstream calls in flight for the whole request. The contract has no
 * batch endpoints, so a batch is a set of single calls run through the shared limiter.
 */
import DataLoader from 'dataloader';
import type { SearchType, SearchUser, TaskType } from '../contract/wire.js';
import type { LworkApi, SearchParams } from '../upstream/endpoints.js';
import { createLimiter, type Limiter } from '../upstream/limiter.js';

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

  /** One exact-match search, used where the contract offers no fetch by id. */
  const searchOne = async (type: SearchType, value: string, match: (user: SearchUser) => boolean) => {
    const page = await searchPage.load({ type, value, page: 1, size: 100 });
    return page.list.find(match) ?? null;
  };

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

  return { userDetail, profile, task, searchPage, searchOne, userRecord, accountOwner };
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
