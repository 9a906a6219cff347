/**
 * A second subgraph for the federation tests: a small trading service that extends our entities
 * (positions on TradingAccount, a watchlist on User) and has a root field returning User references,
 * so the gateway must come back to our subgraph for user fields. Fixed data, no authorization of its own.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';

export const TRADING_SDL = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

type Query {
  "Traders ranked by profit; each entry references a User of the accounts subgraph."
  leaderboard(first: Int): [LeaderboardEntry!]!
  "A trading account by id: a reference, resolved (and authorized) by the accounts subgraph."
  tradingAccount(id: ID!): TradingAccount!
}

type LeaderboardEntry {
  rank: Int!
  profit: Float!
  user: User!
}

type User @key(fields: "id") {
  id: ID!
  watchlist: [String!]!
}

type TradingAccount @key(fields: "id") {
  id: ID!
  positions: [Position!]!
}

type Position {
  symbol: String!
  side: PositionSide!
  volume: Float!
  openPrice: Float!
}

enum PositionSide {
  BUY
  SELL
}
`;

interface Position {
  symbol: string;
  side: 'BUY' | 'SELL';
  volume: number;
  openPrice: number;
}

/** Open positions by trading account id (the demo user's live account 2090001252 among them). */
export const POSITIONS: Record<string, Position[]> = {
  '2090001252': [
    { symbol: 'EURUSD', side: 'BUY', volume: 0.5, openPrice: 1.0842 },
    { symbol: 'XAUUSD', side: 'SELL', volume: 0.1, openPrice: 2321.4 },
  ],
};

export const WATCHLISTS: Record<string, string[]> = {
  [DEMO_USERS.demo.id]: ['EURUSD', 'XAUUSD', 'USDJPY'],
  [DEMO_EXTRA_USERS.alice.id]: ['GBPUSD'],
};

/** Best first; the demo user leads, so `leaderboard(first: 1)` is the demo user alone. */
export const LEADERBOARD = [
  { rank: 1, profit: 1520.5, userId: DEMO_USERS.demo.id },
  { rank: 2, profit: 980.25, userId: DEMO_EXTRA_USERS.alice.id },
  { rank: 3, profit: 410, userId: DEMO_EXTRA_USERS.bob.id },
];

type LeaderboardRow = (typeof LEADERBOARD)[number];

export function buildTradingSchema() {
  return buildSubgraphSchema({
    typeDefs: parse(TRADING_SDL),
    resolvers: {
      Query: {
        leaderboard: (_root: unknown, { first }: { first?: number | null }) =>
          first == null ? LEADERBOARD : LEADERBOARD.slice(0, Math.max(0, first)),
        tradingAccount: (_root: unknown, { id }: { id: string }) => ({ __typename: 'TradingAccount', id }),
      },
      LeaderboardEntry: {
        // A reference: the gateway fetches every other User field from the accounts subgraph.
        user: (row: LeaderboardRow) => ({ __typename: 'User', id: row.userId }),
      },
      User: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        watchlist: (user: { id: string }) => WATCHLISTS[user.id] ?? [],
      },
      TradingAccount: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        positions: (account: { id: string }) => POSITIONS[account.id] ?? [],
      },
    },
  });
}

export interface TradingSubgraph {
  url: string;
  /** Requests received, to show which queries the gateway routed here. */
  requests: number;
  stop(): Promise<void>;
}

export async function startTradingSubgraph(): Promise<TradingSubgraph> {
  const server = new ApolloServer({
    schema: buildTradingSchema(),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const state = { requests: 0 };
  const { url } = await startStandaloneServer(server, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => {
      state.requests += 1;
      return {};
    },
  });
  return {
    url,
    get requests() {
      return state.requests;
    },
    stop: () => server.stop(),
  };
}
