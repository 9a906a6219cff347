/**
 * The GraphQL Mesh and Hive Gateway packages, loaded untyped behind the few signatures used here.
 * Their declarations pull in `@whatwg-node/fetch`, which references TypeScript's DOM lib: imported
 * statically, that lib would retype fetch, Request and Buffer bodies across the whole project.
 */
import type http from 'node:http';

/** compose-cli's logger shape. */
export interface MeshLogger {
  name?: string;
  log(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug(...args: unknown[]): void;
  child(name: string | Record<string, string | number>): MeshLogger;
}

/** What a source handler such as `loadOpenAPISubgraph` returns; compose-cli calls it. */
export type MeshSourceHandler = (ctx: unknown) => { name: string; schema$: Promise<unknown> };

export interface ComposeCli {
  getComposedSchemaFromConfig(
    config: { subgraphs: Array<{ sourceHandler: MeshSourceHandler }> },
    logger: MeshLogger,
  ): Promise<string>;
}

export interface OmnigraphOpenApi {
  loadOpenAPISubgraph(
    name: string,
    options: { source: string; endpoint: string; operationHeaders: Record<string, string> },
  ): MeshSourceHandler;
}

/** A Hive Gateway runtime: a node:http request listener with a few extras. */
export type GatewayRuntime = http.RequestListener & {
  graphqlEndpoint: string;
  dispose(): Promise<void> | void;
};

export interface GatewayRuntimePackage {
  createGatewayRuntime(config: {
    supergraph: string;
    transports: Record<string, Promise<unknown>>;
    logging: boolean;
    graphiql: boolean;
    landingPage: boolean;
  }): GatewayRuntime;
}

/** A variable specifier keeps TypeScript from reading the package's declarations. */
const untyped = (specifier: string): Promise<unknown> => import(specifier);

export const loadComposeCli = () => untyped('@graphql-mesh/compose-cli') as Promise<ComposeCli>;
export const loadOpenApiSource = () => untyped('@omnigraph/openapi') as Promise<OmnigraphOpenApi>;
export const loadGatewayRuntime = () =>
  untyped('@graphql-hive/gateway-runtime') as Promise<GatewayRuntimePackage>;
export const loadRestTransport = () => untyped('@graphql-mesh/transport-rest');
