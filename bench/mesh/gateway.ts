/**
 * Hive Gateway (the maintained runtime for GraphQL Mesh v1) serving the composed supergraph on
 * node:http. Out-of-the-box settings apart from what a benchmark has no use for (GraphiQL, the landing
 * page, request logging).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeMeshSupergraph } from './compose.js';
import { loadGatewayRuntime, loadRestTransport } from './packages.js';

export interface MeshGateway {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:40123/graphql. */
  url: string;
  supergraph: string;
  stop(): Promise<void>;
}

/**
 * Composes from the account service at `upstreamUrl` and serves on 127.0.0.1. The tenant headers come
 * from LWORK_TENANT_ID / LWORK_API_KEY in this process's environment (see MESH_HEADER_ENV).
 */
export async function startMeshGateway(upstreamUrl: string, port = 0): Promise<MeshGateway> {
  const supergraph = await composeMeshSupergraph(upstreamUrl);
  const { createGatewayRuntime } = await loadGatewayRuntime();
  const gateway = createGatewayRuntime({
    supergraph,
    // Named explicitly rather than resolved by package name at run time.
    transports: { rest: loadRestTransport() },
    logging: false,
    graphiql: false,
    landingPage: false,
  });
  const server = http.createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}${gateway.graphqlEndpoint}`,
    supergraph,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.dispose();
    },
  };
}
