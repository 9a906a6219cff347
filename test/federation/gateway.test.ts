/**
 * Our subgraph and the trading subgraph composed into a supergraph and served by @apollo/gateway, all
 * over real HTTP: queries cross subgraphs both ways, and our authorization holds behind the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';
import { type Federation, startFederation } from './gateway.js';
import { POSITIONS, WATCHLISTS } from './trading-subgraph.js';

let fed: Federation;
let demo: string;
let admin: string;

beforeAll(async () => {
  fed = await startFederation();
  demo = await fed.stack.demoToken();
  admin = await fed.stack.adminToken();
});
afterAll(() => fed?.stop());

const LEADERBOARD = `query($first: Int) {
  leaderboard(first: $first) { rank user { id name email watchlist } }
}`;

describe('the supergraph', () => {
  it('joins both subgraphs on User and TradingAccount', () => {
    const sdl = fed.supergraphSdl;
    expect(sdl).toContain(`ACCOUNTS @join__graph(name: "accounts", url: "${fed.stack.server.url}")`);
    expect(sdl).toContain(`TRADING @join__graph(name: "trading", url: "${fed.trading.url}")`);
    for (const type of ['User', 'TradingAccount']) {
      expect(sdl).toMatch(
        new RegExp(
          `type ${type}\\s+@join__type\\(graph: ACCOUNTS, key: "id"\\)\\s+@join__type\\(graph: TRADING, key: "id"\\)`,
        ),
      );
    }
    expect(sdl).toMatch(/positions: \[Position!\]! @join__field\(graph: TRADING\)/);
    expect(sdl).toMatch(/tradingAccounts: \[TradingAccount!\]! @join__field\(graph: ACCOUNTS\)/);
  });
});

describe('queries through the gateway', () => {
  it('start in the trading subgraph and fetch User fields from ours (admin: every user)', async () => {
    fed.stack.service.counters.reset();
    const res = await fed.query(LEADERBOARD, {}, admin);

    expect(res.errors).toBeUndefined();
    expect(res.data?.leaderboard).toEqual(
      [DEMO_USERS.demo, DEMO_EXTRA_USERS.alice, DEMO_EXTRA_USERS.bob].map((u, i) => ({
        rank: i + 1,
        user: { id: u.id, name: u.name, email: u.email, watchlist: WATCHLISTS[u.id] ?? [] },
      })),
    );
    // One _entities request to our subgraph: one detail per user.
    expect(fed.stack.service.counters.bySection).toEqual({ '2.8': 3 });
  });

  it('start in the trading subgraph and fetch the viewer themself from ours', async () => {
    const res = await fed.query(LEADERBOARD, { first: 1 }, demo);

    expect(res.errors).toBeUndefined();
    expect(res.data?.leaderboard).toEqual([
      {
        rank: 1,
        user: {
          id: DEMO_USERS.demo.id,
          name: DEMO_USERS.demo.name,
          email: DEMO_USERS.demo.email,
          watchlist: WATCHLISTS[DEMO_USERS.demo.id],
        },
      },
    ]);
  });

  it('start in ours and fetch positions and the watchlist from the trading subgraph', async () => {
    const before = fed.trading.requests;
    const res = await fed.query(
      `{ me { id name watchlist tradingAccounts { id balance positions { symbol side volume openPrice } } } }`,
      {},
      demo,
    );

    expect(res.errors).toBeUndefined();
    expect(res.data?.me).toEqual({
      id: DEMO_USERS.demo.id,
      name: DEMO_USERS.demo.name,
      watchlist: WATCHLISTS[DEMO_USERS.demo.id],
      tradingAccounts: [
        { id: '2090001252', balance: 1014.07, positions: POSITIONS['2090001252'] },
        { id: '2090005469', balance: 0, positions: [] },
      ],
    });
    expect(fed.trading.requests).toBeGreaterThan(before);
  });

  it('resolve a TradingAccount reference from the trading subgraph in ours', async () => {
    const res = await fed.query(
      `{ tradingAccount(id: "2090001252") { id balance currency positions { symbol } } }`,
      {},
      demo,
    );

    expect(res.errors).toBeUndefined();
    expect(res.data?.tradingAccount).toEqual({
      id: '2090001252',
      balance: 1014.07,
      currency: 'USD',
      positions: [{ symbol: 'EURUSD' }, { symbol: 'XAUUSD' }],
    });
  });
});

describe('authorization behind the gateway', () => {
  it('refuses an anonymous `me` with UNAUTHENTICATED', async () => {
    fed.stack.service.counters.reset();
    const res = await fed.query('{ me { id name watchlist } }');

    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(fed.stack.service.counters.total).toBe(0);
  });

  it("forwards the viewer's Authorization header: `me` is the signed-in user", async () => {
    const res = await fed.query('{ me { id } }', {}, admin);
    expect(res.data?.me).toEqual({ id: DEMO_USERS.admin.id });
  });

  it('refuses a viewer the other users reached through the trading subgraph, and leaks none of their data', async () => {
    const res = await fed.query(LEADERBOARD, {}, demo);

    const entries = res.data?.leaderboard;
    expect(entries).toHaveLength(3);
    expect(entries[0].user).toMatchObject({ id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name });
    for (const entry of entries.slice(1)) {
      expect(entry.user).toMatchObject({ name: null, email: null });
    }
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.serviceName])).toEqual([
      [['leaderboard', 1, 'user'], 'FORBIDDEN', 'accounts'],
      [['leaderboard', 2, 'user'], 'FORBIDDEN', 'accounts'],
    ]);
    const body = JSON.stringify(res);
    for (const other of [DEMO_EXTRA_USERS.alice, DEMO_EXTRA_USERS.bob]) {
      expect(body).not.toContain(other.name);
      expect(body).not.toContain(other.email);
    }
  });

  it("refuses a viewer another user's trading account reached through the trading subgraph", async () => {
    const res = await fed.query(`{ tradingAccount(id: "2090001300") { id balance currency } }`, {}, demo);

    expect(res.data?.tradingAccount).toEqual({ id: '2090001300', balance: null, currency: null });
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses anonymous references from the trading subgraph', async () => {
    const res = await fed.query(LEADERBOARD, { first: 1 });

    expect(res.data?.leaderboard[0].user).toMatchObject({ id: DEMO_USERS.demo.id, name: null, email: null });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['leaderboard', 0, 'user'], 'UNAUTHENTICATED'],
    ]);
  });
});
