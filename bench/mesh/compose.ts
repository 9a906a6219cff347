/**
 * GraphQL Mesh, the way a team would point it at the account API: Mesh v1 compose with the OpenAPI
 * source (`loadOpenAPISubgraph`) over the document the service serves at /openapi.json, the tenant
 * headers as `operationHeaders`, and the account service as the endpoint. No hand-written resolvers,
 * no transforms: the schema is what Mesh generates from the contract.
 */
import { loadComposeCli, loadOpenApiSource, type MeshLogger } from './packages.js';

/** The subgraph's name in the supergraph; type and field names stay as Mesh generates them. */
export const MESH_SUBGRAPH = 'Accounts';

/**
 * The gateway reads the tenant headers from these variables at request time (Mesh's string
 * interpolation), so the composed supergraph holds no API key and can be printed or stored safely.
 */
export const MESH_HEADER_ENV = { tenantId: 'LWORK_TENANT_ID', apiKey: 'LWORK_API_KEY' } as const;

/** Composes the supergraph SDL from the OpenAPI document of the account service at `upstreamUrl`. */
export async function composeMeshSupergraph(upstreamUrl: string, logger?: MeshLogger): Promise<string> {
  const base = upstreamUrl.replace(/\/+$/, '');
  const [{ getComposedSchemaFromConfig }, { loadOpenAPISubgraph }] = await Promise.all([
    loadComposeCli(),
    loadOpenApiSource(),
  ]);
  return getComposedSchemaFromConfig(
    {
      subgraphs: [
        {
          sourceHandler: loadOpenAPISubgraph(MESH_SUBGRAPH, {
            source: `${base}/openapi.json`,
            endpoint: base,
            operationHeaders: {
              'x-api-tenantid': `{env.${MESH_HEADER_ENV.tenantId}}`,
              'x-api-token': `{env.${MESH_HEADER_ENV.apiKey}}`,
            },
          }),
        },
      ],
    },
    logger ?? silentLogger(),
  );
}

function silentLogger(): MeshLogger {
  const noop = () => undefined;
  const logger: MeshLogger = {
    name: 'mesh-compose',
    log: noop,
    warn: noop,
    info: noop,
    error: noop,
    debug: noop,
    child: () => logger,
  };
  return logger;
}
