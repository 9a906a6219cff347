import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_TENANT } from '../../src/account-service/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const TOTAL = 47;
let stack: Stack;
let admin: string;
let ids: string[];

beforeAll(async () => {
  stack = await startStack({}, { inProcess: true });
  for (let i = 0; i < TOTAL; i++) {
    await stack.service.store.createUser(DEV_TENANT.id, {
      name: `Pager ${String(i).padStart(2, '0')}`,
      email: `pager${i}@example.com`,
      password: 'Pager1234',
    });
  }
  admin = await stack.adminToken();
  const all = await stack.gql(
    `{ users(search: { field: NAME, value: "pager" }, first: 100) { totalCount nodes { id } } }`,
    {},
    admin,
  );
  ids = all.data?.users.nodes.map((n: { id: string }) => n.id);
});
afterAll(() => stack.stop());

const PAGE = `query($first: Int, $after: String) {
  users(search: { field: NAME, value: "pager" }, first: $first, after: $after) {
    totalCount
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('users connection', () => {
  it('knows every matching user', () => {
    expect(ids).toHaveLength(TOTAL);
    expect(new Set(ids).size).toBe(TOTAL);
  });

  it('returns the exact slice for any first/after, whatever the upstream page size', async () => {
    for (const [skip, first] of [
      [0, 1],
      [0, 7],
      [3, 10],
      [9, 11],
      [19, 20],
      [40, 20],
      [46, 5],
      [12, 35],
      [0, 47],
      [5, 0],
    ] as const) {
      // `after` is the cursor of the item before the slice.
      let after: string | undefined;
      if (skip > 0) {
        const head = await stack.gql(PAGE, { first: skip }, admin);
        after = head.data?.users.pageInfo.endCursor;
      }
      const res = await stack.gql(PAGE, { first, after }, admin);
      expect(res.errors, `skip ${skip} first ${first}`).toBeUndefined();
      const page = res.data?.users;
      expect(page.totalCount).toBe(TOTAL);
      expect(
        page.edges.map((e: { node: { id: string } }) => e.node.id),
        `skip ${skip} first ${first}`,
      ).toEqual(ids.slice(skip, skip + first));
      expect(page.pageInfo.hasNextPage).toBe(skip + first < TOTAL);
      expect(page.pageInfo.hasPreviousPage).toBe(skip > 0);
    }
  });

  it('walks the whole list page by page with endCursor', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const res = await stack.gql(PAGE, { first: 6, after }, admin);
      const page = res.data?.users;
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('rejects a foreign cursor and an oversized page as BAD_USER_INPUT', async () => {
    const foreign = await stack.gql(PAGE, { first: 5, after: 'bm90LWEtY3Vyc29y' }, admin);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(foreign.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: ['after'], message: 'is not a cursor of this API' },
    ]);
    const huge = await stack.gql(PAGE, { first: 1000 }, admin);
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('batching through per-request loaders', () => {
  it('fetches 20 users with accounts and profiles in 1 search + 1 detail + 1 profile call per user', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(
      `{ users(search: { field: NAME, value: "pager" }, first: 20) { nodes { id name tradingAccounts { id name } profile { base { accountName } } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.users.nodes).toHaveLength(20);
    const { bySection } = stack.service.counters;
    expect(bySection['2.7']).toBe(1);
    expect(bySection['2.8']).toBe(20);
    expect(bySection['2.11']).toBe(20);
    expect(stack.service.counters.total).toBe(41);
  });

  it('answers account ids of search hits from the search page alone', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(
      `{ users(search: { field: NAME, value: "pager" }, first: 20) { nodes { id tradingAccounts { __typename id } } } }`,
      {},
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.users.nodes).toHaveLength(20);
    expect(stack.service.counters.total).toBe(1);
    const detailed = await stack.gql(
      `{ users(search: { field: NAME, value: "pager" }, first: 20) { nodes { id tradingAccounts { id name } } } }`,
      {},
      admin,
    );
    expect(
      res.data?.users.nodes.map((n: { tradingAccounts: Array<{ id: string }> }) =>
        n.tradingAccounts.map((a) => a.id),
      ),
    ).toEqual(
      detailed.data?.users.nodes.map((n: { tradingAccounts: Array<{ id: string }> }) =>
        n.tradingAccounts.map((a) => a.id),
      ),
    );
  });

  it('fetches a user asked for twice in one query once', async () => {
    const id = ids[0];
    stack.service.counters.reset();
    const res = await stack.gql(
      `query($id: ID!) { a: user(id: $id) { name nickname tradingAccounts { id } } b: user(id: $id) { avatar email profile { cert { idNum } } } c: user(id: $id) { profile { base { email } } } }`,
      { id },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.a.name).toMatch(/^Pager/);
    expect(stack.service.counters.bySection['2.8']).toBe(1);
    expect(stack.service.counters.bySection['2.11']).toBe(1);
  });
});
