/**
 * A real supergraph for the tests: our GraphQL server over the embedded account service, the trading
 * subgraph, both composed with @apollo/composition and served by @apollo/gateway inside Apollo Server,
 * all on port 0 over HTTP. The gateway forwards the client's Authorization header to every subgraph.
 */
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeSupergraph, fetchSubgraphSdl } from '../../scripts/compose-supergraph.js';
import {
  type GraphQLResponse,
  type Json,
  type Stack,
  type StackOptions,
  startStack,
} from '../helpers/stack.js';
import { startTradingSubgraph, TRADING_SDL, type TradingSubgraph } from './trading-subgraph.js';

interface GatewayContext {
  authorization?: string;
}

export interface Federation {
  stack: Stack;
  trading: TradingSubgraph;
  supergraphSdl: string;
  gatewayUrl: string;
  /** Sends a query to the gateway, with `Authorization: Bearer <token>` when a token is given. */
  query<T = Record<string, Json>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export async function startFederation(
  env: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Federation> {
  const stack = await startStack(env, options);
  const trading = await startTradingSubgraph();
  const composition = composeSupergraph([
    { name: 'accounts', url: stack.server.url, sdl: await fetchSubgraphSdl(stack.server.url) },
    { name: 'trading', url: trading.url, sdl: TRADING_SDL },
  ]);
  if (!composition.ok) throw new Error(`composition failed:\n${composition.errors.join('\n')}`);

  const gateway = new ApolloGateway({
    supergraphSdl: composition.supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway });
  const { url: gatewayUrl } = await startStandaloneServer(apollo, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async ({ req }) =>
      req.headers.authorization ? { authorization: req.headers.authorization } : {},
  });

  const query: Federation['query'] = async (text, variables, token) => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query: text, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
    return { ...body, status: res.status, headers: res.headers } as GraphQLResponse<Json>;
  };

  return {
    stack,
    trading,
    supergraphSdl: composition.supergraphSdl,
    gatewayUrl,
    query,
    async stop() {
      await apollo.stop();
      await trading.stop();
      await stack.stop();
    },
  };
}
