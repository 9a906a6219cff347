/**
 * The Apollo BFF's schema: hand-written SDL and resolvers for the benchmark's operations, as a
 * federation subgraph (`buildSubgraphSchema`, `User @key(fields: "id")` with `__resolveReference`).
 * The layer's names and shapes, so the benchmark sends both the same documents; none of its auth,
 * limits, typed errors or metrics.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { parse } from 'graphql';
import type { AccountsAPI, WireTradingAccount, WireUserDetail } from './accounts-api.js';

export interface BffContext {
  dataSources: { accounts: AccountsAPI };
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])

  type Query {
    user(id: ID!): User
    users(search: UserSearchInput!, first: Int = 20): UserConnection!
  }

  type Mutation {
    "The account service's login answer: there are no sessions here."
    login(input: LoginInput!): LoginResult!
  }

  enum UserSearchField { NAME EMAIL PHONE TRADING_ACCOUNT }
  input UserSearchInput { field: UserSearchField!, value: String! }
  input LoginInput { loginName: String!, password: String! }

  type UserConnection {
    nodes: [User!]!
    totalCount: Int!
  }

  type User @key(fields: "id") {
    id: ID!
    name: String
    tradingAccounts: [TradingAccount!]!
  }

  enum TradingAccountType { LIVE DEMO }

  type TradingAccount {
    id: ID!
    name: String
    type: TradingAccountType
    balance: Float
    currency: String
    leverage: Int
    platform: String
    server: String
    group: AccountGroup
    active: Boolean
  }

  type AccountGroup {
    id: ID!
    name: String
  }

  type LoginResult {
    userId: ID!
    phone: String
    language: String
  }
`);

/** A user with what is known of it: the detail, or the name from a search hit. */
interface UserParent {
  id: string;
  detail?: WireUserDetail;
  name?: string | null;
}

const SEARCH_TYPES: Record<string, string> = {
  NAME: 'UserName',
  EMAIL: 'Email',
  PHONE: 'Phone',
  TRADING_ACCOUNT: 'TradeAccount',
};

const withDetail = async (id: string, { dataSources }: BffContext): Promise<UserParent> => ({
  id,
  detail: await dataSources.accounts.getUserDetail(id),
});

const resolvers: GraphQLResolverMap<BffContext> = {
  Query: {
    user: (_root, args: { id: string }, ctx: BffContext) => withDetail(args.id, ctx),
    users: async (
      _root,
      args: { search: { field: string; value: string }; first: number },
      { dataSources }: BffContext,
    ) => {
      const { field, value } = args.search;
      const page = await dataSources.accounts.searchUsers(SEARCH_TYPES[field] ?? field, value, args.first);
      return {
        totalCount: page.total,
        nodes: page.list.map((hit): UserParent => ({ id: hit.pubUserId, name: hit.realName })),
      };
    },
  },
  Mutation: {
    login: (_root, args: { input: { loginName: string; password: string } }, { dataSources }: BffContext) =>
      dataSources.accounts.login(args.input),
  },
  User: {
    __resolveReference: (reference: { id: string }, ctx: BffContext) => withDetail(reference.id, ctx),
    name: (user: UserParent) => (user.detail ? user.detail.username : user.name) ?? null,
    // A search hit has no accounts' details: each user's detail, through the data source.
    tradingAccounts: async (user: UserParent, _args, { dataSources }: BffContext) =>
      (user.detail ?? (await dataSources.accounts.getUserDetail(user.id))).accounts ?? [],
  },
  TradingAccount: {
    id: (a: WireTradingAccount) => a.accountId,
    name: (a: WireTradingAccount) => a.accountName ?? null,
    type: (a: WireTradingAccount) =>
      a.accountType === 'Live' ? 'LIVE' : a.accountType === 'Demo' ? 'DEMO' : null,
    platform: (a: WireTradingAccount) => a.platformName ?? null,
    server: (a: WireTradingAccount) => a.serverName ?? null,
    group: (a: WireTradingAccount) =>
      a.accountGroup ? { id: a.accountGroup, name: a.accountGroupName } : null,
    active: (a: WireTradingAccount) => a.status ?? null,
  },
};

export const bffSchema = () => buildSubgraphSchema([{ typeDefs, resolvers }]);
