/**
 * The GraphQL server: Apollo Server 5 driven straight from node:http (no framework in between) with
 * `/graphql`, `/healthz` and `/readyz`. `createServer` returns the server object; `listen` is separate
 * so tests run it on port 0.
 */
import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { context as otelContext } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { createMemoryRevocations, createRedisRevocations } from '../auth/revocations.js';
import { createSessionSigner, ephemeralSecret } from '../auth/session.js';
import { viewerFromAuthorization } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { createAttemptLimiter, DEFAULT_POLICIES, unlimitedAttempts } from '../limits/attempt-limiter.js';
import { createRedisStore } from '../limits/redis-store.js';
import { createMemoryStore, withFallback } from '../limits/store.js';
import { createMetrics } from '../observability/metrics.js';
import { startOperationSpan, traceIdOf } from '../observability/trace-context.js';
import type { GraphQLContext } from '../schema/context.js';
import { getSchema } from '../schema/index.js';
import { createLoaders } from '../schema/loaders.js';
import { createUpstreamClient } from '../upstream/client.js';
import { createLworkApi } from '../upstream/endpoints.js';
import { clientAddress } from './client-address.js';
import { entitiesLimitPlugin } from './entities-limit.js';
import { formatError } from './format-error.js';
import { serveMetrics } from './metrics-route.js';
import { observabilityPlugin } from './observability-plugin.js';
import { playgroundFromConfig } from './playground.js';
import { LIMIT_MESSAGES, queryLimitRules } from './query-limits.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { createReadiness, type ReadinessState } from './readiness.js';
import { requestIdPlugin } from './request-id-plugin.js';

export interface UpstreamTarget {
  url: string;
  tenantId: string;
  apiKey: string;
}

export interface GraphQLServer {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  origin: string;
  /** What /readyz answers: whether the upstream is reachable and accepts the tenant credentials. */
  readiness(): Promise<ReadinessState>;
  /** Stops accepting requests, lets in-flight ones finish, then releases the upstream sockets. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function startGraphQLServer(
  config: Config,
  upstream: UpstreamTarget,
  logger: Logger,
): Promise<GraphQLServer> {
  const client = createUpstreamClient({
    baseUrl: upstream.url,
    tenantId: upstream.tenantId,
    apiKey: upstream.apiKey,
    connectTimeoutMs: config.upstream.connectTimeoutMs,
    requestTimeoutMs: config.upstream.requestTimeoutMs,
    getRetries: config.upstream.getRetries,
    maxSockets: config.upstream.maxSockets,
    breaker: config.breaker,
    logger,
    onCall: (section, outcome, seconds) => metrics?.upstream(section, outcome, seconds),
  });
  const sessions = createSessionSigner(config.session.secret ?? ephemeralSecret(), config.session.ttlSeconds);
  const admins = new Set(config.adminUserIds);
  const memoryRevocations = createMemoryRevocations(config.session.ttlSeconds);
  const revocations = config.attempts.redisUrl
    ? createRedisRevocations(
        config.attempts.redisUrl,
        config.session.ttlSeconds,
        memoryRevocations,
        (error) => logger.warn({ err: error }, 'revocation store unavailable: using this instance only'),
      )
    : memoryRevocations;
  const attemptStore = config.attempts.redisUrl
    ? withFallback(createRedisStore(config.attempts.redisUrl), createMemoryStore(), (error) =>
        logger.warn({ err: error }, 'attempt store unavailable: limiting per instance'),
      )
    : createMemoryStore();
  const metrics = config.metrics.enabled
    ? createMetrics({ circuit: () => client.circuit(), upstreamLoad: () => client.load() })
    : undefined;
  const attempts = config.attempts.enabled
    ? createAttemptLimiter(attemptStore, DEFAULT_POLICIES, (action) => metrics?.rateLimited(action))
    : unlimitedAttempts;

  const apollo = new ApolloServer<GraphQLContext>({
    schema: getSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.schemaDetailsInErrors,
    allowBatchedHttpRequests: config.limits.batching,
    validationRules: queryLimitRules(config.limits),
    parseOptions: { maxTokens: config.limits.maxTokens },
    csrfPrevention: true,
    // Our stop() owns shutdown: Apollo's own SIGTERM handler would stop it mid-request and re-raise
    // the signal, killing the process before in-flight answers are out.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      requestIdPlugin(),
      observabilityPlugin(metrics),
      entitiesLimitPlugin(config.limits.maxEntities),
    ],
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  await apollo.start();

  const readiness = createReadiness(client);
  const playground = playgroundFromConfig(config);

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    // The hot path: a POST to /graphql (the playground serves GET and HEAD only) needs no URL object.
    if (req.method === 'POST' && req.url === '/graphql') return handleGraphQL(req, res, '');
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (playground?.handle(req, res, url)) return;
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && metrics) return serveMetrics(req, res, metrics, config.metrics.token);
    if (url.pathname === '/readyz') {
      const state = await readiness.check();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (url.pathname !== '/graphql')
      return sendJson(res, 404, { error: 'Not found: the API is at /graphql' });
    await handleGraphQL(req, res, url.search);
  };

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse, search: string) {
    const headerId = req.headers['x-request-id'];
    const requestId = typeof headerId === 'string' && REQUEST_ID.test(headerId) ? headerId : randomUUID();
    res.setHeader('x-request-id', requestId);
    // Requests refused before Apollo builds a context (body, batch, CSRF) get their access line here;
    // the others get it from requestIdPlugin, which knows the operation name.
    const started = performance.now();
    let executed = false;
    res.once('finish', () => {
      if (executed) return;
      const ms = Math.round(performance.now() - started);
      logger.info({ requestId, method: req.method, status: res.statusCode, ms }, 'graphql request');
    });

    let body: unknown;
    try {
      body = req.method === 'POST' ? await readJsonBody(req, config.maxBodyBytes) : undefined;
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is not read: close the connection instead of draining it.
        res.setHeader('connection', 'close');
        return sendGraphQLError(res, 413, 'The request body is too large', 'PAYLOAD_TOO_LARGE');
      }
      return sendGraphQLError(res, 400, 'The request body is not valid JSON', 'BAD_REQUEST');
    }

    if (Array.isArray(body) && body.length > config.limits.maxBatch) {
      return sendGraphQLError(res, 400, LIMIT_MESSAGES.batch, 'QUERY_TOO_COMPLEX');
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search,
      body,
    };
    // Upstream work stops when the caller hangs up or the request's budget is spent: one controller
    // and one timer (cleared with the answer) rather than AbortSignal.any over AbortSignal.timeout,
    // whose signals outlive the request until a GC; the reason matches AbortSignal.timeout's.
    const abort = new AbortController();
    const budget = setTimeout(
      () => abort.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      config.requestTimeoutMs,
    );
    budget.unref();
    res.once('close', () => {
      clearTimeout(budget);
      if (!res.writableFinished) abort.abort();
    });
    const deadline = abort.signal;

    const operation = startOperationSpan(req.headers, requestId);
    const response = await otelContext.with(operation.context, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => {
          executed = true;
          const api = createLworkApi(client, { requestId, signal: deadline, trace: operation.context });
          return {
            requestId,
            viewer: await viewerFromAuthorization(req.headers.authorization, sessions, admins, revocations),
            revocations,
            api,
            loaders: createLoaders(api, config.loaderConcurrency, metrics?.batch),
            sessions,
            exposeCodes: config.exposeCodes,
            logger,
            attempts,
            clientAddress: clientAddress(req, config.trustedProxyHops),
            span: operation.span,
            traceId: traceIdOf(operation.span),
          };
        },
      }),
    );
    operation.span.setAttribute('http.response.status_code', response.status ?? 200);
    operation.span.end();

    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  // While stopping, every answer closes its connection: keep-alive clients must not hold the stop.
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  const server = http.createServer((req, res) => {
    if (draining) res.setHeader('connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    handler(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'request handler failed');
      if (!res.headersSent) sendGraphQLError(res, 500, 'Internal server error', 'INTERNAL_SERVER_ERROR');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${host}:${address.port}`;

  let stopping: Promise<void> | undefined;
  return {
    url: `${origin}/graphql`,
    origin,
    readiness: () => readiness.check(),
    stop() {
      stopping ??= (async () => {
        draining = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          for (const res of inFlight) {
            if (!res.headersSent) res.setHeader('connection', 'close');
            // An answer already under way keeps its socket: release it once the answer is out.
            else res.once('finish', () => setImmediate(() => server.closeIdleConnections()));
          }
        });
        await apollo.stop();
        client.close();
        await attemptStore.close();
        await revocations.close();
      })();
      return stopping;
    },
  };
}

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBody(req, limit);
  const type = req.headers['content-type'] ?? '';
  // Apollo answers non-JSON content types itself (and CSRF prevention relies on that).
  if (!type.includes('json') || text === '') return text;
  return JSON.parse(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendGraphQLError(res: ServerResponse, status: number, message: string, code: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
