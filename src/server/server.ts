/**
 * The GraphQL server object: services, Apollo and the HTTP handler put together, apart from
 * listening. `handle` can be mounted on any node:http server, `execute` runs an operation in
 * process through the whole GraphQL pipeline (validation, limits, plugins), and `listen` serves it
 * on a port; `stop` drains in-flight requests before it releases the services.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLRequest } from '@apollo/server';
import { context as otelContext } from '@opentelemetry/api';
import type { FormattedExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import type { Config, UpstreamTarget } from '../config.js';
import { startOperationSpan } from '../observability/trace-context.js';
import { createApollo } from './apollo.js';
import { isLoopbackAddress } from './client-address.js';
import { createContext } from './context.js';
import { createRequestHandler, sendJson } from './http.js';
import { createPlayground, type PlaygroundOptions } from './playground.js';
import type { ReadinessState } from './readiness.js';
import { startRequestBudget } from './request-budget.js';
import { attachScope } from './request-scope.js';
import { createServices, type Services } from './services.js';

export interface ServerOptions {
  /**
   * The account service to call when the config says it is the embedded one (main.ts knows its
   * address once it has started it); a remote upstream comes from the config itself.
   */
  embeddedUpstream?: UpstreamTarget;
  /** Admin user ids when ADMIN_USER_IDS is unset (the embedded service's demo admin in development). */
  defaultAdminUserIds?: readonly string[];
  /** The login the playground's example mutation fills in (the embedded service's demo user). */
  playgroundLogin?: PlaygroundOptions['exampleLogin'];
}

/** Who runs an in-process operation: a session token, and the address it comes from. */
export interface InProcessCaller {
  token?: string;
  clientAddress?: string;
}

export interface GraphQLServer {
  /** A node:http request listener. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /**
   * Runs one operation in process through the whole GraphQL pipeline (parsing, validation, limits,
   * plugins, error formatting), as a request from `caller` would, without HTTP: the answer and the
   * status the HTTP layer would send.
   */
  execute(
    request: GraphQLRequest,
    caller?: InProcessCaller,
  ): Promise<{ status: number; result: FormattedExecutionResult }>;
  /** Serves `handle` on a port (0 picks a free one); resolves once listening. */
  listen(port?: number, host?: string): Promise<void>;
  /** The GraphQL endpoint once listening, e.g. http://127.0.0.1:4000/graphql. */
  readonly url: string;
  readonly origin: string;
  /**
   * What /readyz answers: whether the upstream is reachable and accepts the tenant credentials.
   * `wholeProbe` waits for the probe's verdict past the readiness deadline (start-up does).
   */
  readiness(options?: { wholeProbe?: boolean }): Promise<ReadinessState>;
  readonly services: Services;
  /** Stops accepting requests, lets in-flight ones finish, then releases the services. */
  stop(): Promise<void>;
}

export async function createGraphQLServer(
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<GraphQLServer> {
  const target = config.upstream.kind === 'remote' ? config.upstream : options.embeddedUpstream;
  if (!target) throw new Error('The embedded account service must be started first: pass its address');
  const services = await createServices(config, target, logger, {
    admins: config.adminUserIds ?? options.defaultAdminUserIds ?? [],
  });
  const apollo = await createApollo(config, services.metrics, logger);
  const playground = config.playground
    ? createPlayground(options.playgroundLogin ? { exampleLogin: options.playgroundLogin } : {})
    : undefined;
  const handler = createRequestHandler({ config, services, apollo, playground, logger });

  // While stopping, every answer closes its connection: keep-alive clients must not hold the stop.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      settled();
    });
    handler(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request handler failed');
      if (res.headersSent) return res.destroy();
      sendJson(res, 500, {
        errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    });
  };

  const server = http.createServer(handle);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  let origin: string | undefined;
  const originOf = () => {
    if (!origin) throw new Error('The server is not listening');
    return origin;
  };

  // What stop() waits for: answers under way on any door (this server's port, `handle` mounted on
  // another server, in-process execute).
  let executing = 0;
  let settled = () => {};
  const drained = () =>
    new Promise<void>((resolve) => {
      settled = () => {
        if (inFlight.size === 0 && executing === 0) resolve();
      };
      settled();
    });

  /** One operation through Apollo's pipeline with a request's context, trace and budget, minus HTTP. */
  const executeInProcess = async (request: GraphQLRequest, caller: InProcessCaller) => {
    const requestId = randomUUID();
    const clientAddress = caller.clientAddress ?? '127.0.0.1';
    const operation = startOperationSpan({}, requestId);
    const budget = startRequestBudget(config.requestTimeoutMs);
    const contextValue = await createContext(services, config, logger, {
      requestId,
      authorization: caller.token ? `Bearer ${caller.token}` : undefined,
      clientAddress,
      callerIsLocal: () => isLoopbackAddress(clientAddress),
      signal: budget.signal,
      trace: operation,
    });
    attachScope(contextValue, { entities: 0 });
    try {
      const response = await otelContext.with(operation.context, () =>
        apollo.executeOperation(request, { contextValue }),
      );
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not served');
      return { status: response.http.status ?? 200, result: response.body.singleResult };
    } finally {
      budget.end(false);
      operation.span.end();
    }
  };

  let stopping: Promise<void> | undefined;
  return {
    handle,
    async execute(request, caller = {}) {
      if (draining) throw new Error('The server is stopping');
      executing++;
      try {
        return await executeInProcess(request, caller);
      } finally {
        executing--;
        settled();
      }
    },
    async listen(port = config.port, host = config.host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      const name = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      origin = `http://${name}:${address.port}`;
    },
    get origin() {
      return originOf();
    },
    get url() {
      return `${originOf()}/graphql`;
    },
    readiness: (options) => services.readiness.check(options),
    services,
    stop() {
      stopping ??= (async () => {
        draining = true;
        if (server.listening) {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            for (const res of inFlight) {
              if (!res.headersSent) res.setHeader('connection', 'close');
              // An answer already under way keeps its socket: release it once the answer is out.
              else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
            }
          });
        }
        // Answers still under way on any door finish before the upstream sockets go.
        await drained();
        await apollo.stop();
        await services.close();
      })();
      return stopping;
    },
  };
}

/** createGraphQLServer, listening on the configured host and port. */
export async function startGraphQLServer(
  config: Config,
  logger: Logger,
  options: ServerOptions = {},
): Promise<GraphQLServer> {
  const server = await createGraphQLServer(config, logger, options);
  await server.listen();
  return server;
}
