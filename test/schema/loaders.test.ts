/**
 * The request's loaders on their own, over an API object that records its calls (the upstream is
 * not the subject here; the account service-backed tests show the same through GraphQL).
 */
import { describe, expect, it } from 'vitest';
import type { SearchUser } from '../../src/contract/wire.js';
import { createLoaders } from '../../src/schema/loaders.js';
import type { LworkApi, SearchParams } from '../../src/upstream/endpoints.js';

function recordingApi(users: SearchUser[], delayMs = 5) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const call = async <T>(name: string, answer: () => T): Promise<T> => {
    calls.push(name);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, delayMs));
    inFlight--;
    return answer();
  };
  const api = {
    userDetail: (id: string) => call(`detail ${id}`, () => ({ username: id, email: `${id}@example.com` })),
    searchUsers: (p: SearchParams) =>
      call(`search ${p.type} ${p.value} ${p.page}`, () => {
        const hits = users.filter((u) => (u.phone ?? '').includes(p.value) || u.email === p.value);
        const list = hits.slice((p.page - 1) * p.size, p.page * p.size);
        return {
          list,
          offset: (p.page - 1) * p.size,
          pager: p.page,
          pages: Math.ceil(hits.length / p.size),
          size: p.size,
          total: hits.length,
        };
      }),
  } as unknown as LworkApi;
  return { api, calls, maxInFlight: () => maxInFlight };
}

describe('loaders', () => {
  it('fetch a resource asked for twice once, independent ones concurrently, within the concurrency', async () => {
    const { api, calls, maxInFlight } = recordingApi([]);
    const loaders = createLoaders(api, 3);
    const ids = ['a', 'b', 'c', 'd', 'e', 'a', 'b'];
    const details = await Promise.all(ids.map((id) => loaders.userDetail.load(id)));
    expect(details.map((d) => d.username)).toEqual(ids);
    expect(calls.sort()).toEqual(['detail a', 'detail b', 'detail c', 'detail d', 'detail e']);
    expect(maxInFlight()).toBe(3);
  });

  it('find an exact match on any page of a search that matches parts, and say when they gave up', async () => {
    // 250 phones contain 1234567; the exact one is on the third page of 100.
    const users: SearchUser[] = Array.from({ length: 250 }, (_, i) => ({
      pubUserId: `u${i}`,
      phone: `9${i}1234567`,
    }));
    users.push({ pubUserId: 'exact', phone: '1234567' });
    const { api, calls } = recordingApi(users, 0);
    const loaders = createLoaders(api, 8);
    const found = await loaders.searchExact('Phone', '1234567', (u) => u.phone === '1234567');
    expect(found).toEqual({ users: [{ pubUserId: 'exact', phone: '1234567' }], complete: true });
    expect(calls).toEqual(['search Phone 1234567 1', 'search Phone 1234567 2', 'search Phone 1234567 3']);
    const capped = await loaders.searchExact('Phone', '1234567', (u) => u.phone === '1234567', 2);
    expect(capped).toEqual({ users: [], complete: false });
  });
});
