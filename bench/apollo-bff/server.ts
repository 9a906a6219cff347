/**
 * The hand-written Apollo BFF: Apollo Server 5 on its standalone server, a new AccountsAPI data
 * source per request in the context function (as Apollo's docs teach), no auth, limits or metrics.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { AccountsAPI, type Tenant } from './accounts-api.js';
import { type BffContext, bffSchema } from './schema.js';

export interface ApolloBff {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/. */
  url: string;
  stop(): Promise<void>;
}

/** Serves on 127.0.0.1 (port 0: any free one) over the account service at `upstreamUrl`. */
export async function startApolloBff(upstreamUrl: string, tenant: Tenant, port = 0): Promise<ApolloBff> {
  const server = new ApolloServer<BffContext>({ schema: bffSchema() });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port },
    context: async () => ({
      dataSources: { accounts: new AccountsAPI(upstreamUrl, tenant, { cache: server.cache }) },
    }),
  });
  return { url, stop: () => server.stop() };
}
