/**
 * The HTTP face: routes (/graphql, /healthz, /readyz, /metrics, the playground), the request body
 * and its limit, the request's time budget, and the access line of every GraphQL request, written
 * here once its answer is out (access-log.ts), whatever stage refused or answered it.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { context as otelContext } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startOperationSpan, traceIdOf } from '../observability/trace-context.js';
import type { GraphQLContext } from '../schema/context.js';
import { type AccessRecord, writeAccessLine } from './access-log.js';
import { callerIsLocal, clientAddress } from './client-address.js';
import { createContext } from './context.js';
import { serveMetrics } from './metrics-route.js';
import type { Playground } from './playground.js';
import { LIMIT_MESSAGES } from './query-limits.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { startRequestBudget } from './request-budget.js';
import { attachScope, type RequestScope } from './request-scope.js';
import type { Services } from './services.js';
import { type BatchRefusals, gateTrustedDocuments, ROUTER_TOKEN_HEADER } from './trusted-documents-gate.js';

export interface HttpDeps {
  config: Config;
  services: Services;
  apollo: ApolloServer<GraphQLContext>;
  playground: Playground | undefined;
  logger: Logger;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/**
 * The headers the GraphQL request carries on: what Apollo reads (content negotiation, CSRF
 * prevention) and the router's token the trusted-documents gate checks; the rest (authorization,
 * request id, trace context) are read here from the request itself.
 */
const APOLLO_HEADERS = [
  'content-type',
  'accept',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  ROUTER_TOKEN_HEADER,
] as const;
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

export function createRequestHandler(deps: HttpDeps): RequestHandler {
  const { config, services, playground } = deps;

  return async (req, res) => {
    // The hot path: a POST to /graphql (the playground serves GET and HEAD only) needs no URL object.
    if (req.method === 'POST' && req.url === '/graphql') return handleGraphQL(deps, req, res, '');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      // A request target that is no path (`http://[/graphql`): the client's mistake.
      return sendJson(res, 400, { error: 'Bad request target' });
    }
    if (playground?.handle(req, res, url)) return;
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (url.pathname === '/metrics' && services.metrics)
      return serveMetrics(req, res, services.metrics, config.metrics.token);
    if (url.pathname === '/readyz') {
      const state = await services.readiness.check();
      return sendJson(res, state.ready ? 200 : 503, state);
    }
    if (url.pathname !== '/graphql')
      return sendJson(res, 404, { error: 'Not found: the API is at /graphql' });
    await handleGraphQL(deps, req, res, url.search);
  };
}

async function handleGraphQL(deps: HttpDeps, req: IncomingMessage, res: ServerResponse, search: string) {
  const { config, services, apollo, logger } = deps;
  const headerId = req.headers['x-request-id'];
  const requestId = typeof headerId === 'string' && REQUEST_ID.test(headerId) ? headerId : randomUUID();
  res.setHeader('x-request-id', requestId);
  const operation = startOperationSpan(req.headers, requestId);
  const traceId = traceIdOf(operation.span);
  const record: AccessRecord = {
    requestId,
    ...(traceId ? { traceId } : {}),
    method: req.method,
    errors: new Set(),
    started: performance.now(),
  };
  const scope: RequestScope = { access: record, entities: 0 };
  // 'close' comes for every response, 'finish' only for one whose client stayed to the end: a request
  // abandoned halfway is the one an operator most needs to see.
  res.once('close', () => writeAccessLine(logger, record, res.statusCode, !res.writableFinished));
  // As Apollo answers: a client that accepts application/graphql-response+json (Apollo Client 4 does)
  // reads a 4xx in that type as GraphQL errors with their codes, not as a bare HTTP failure.
  const mediaType = req.headers.accept?.includes(GRAPHQL_RESPONSE) ? GRAPHQL_RESPONSE : undefined;
  const refuse = (status: number, message: string, extensions: { code: string; limit?: string }) => {
    record.errors.add(extensions.code);
    operation.span.end();
    sendJson(res, status, { errors: [{ message, extensions }] }, mediaType);
  };

  let body: unknown;
  try {
    body = req.method === 'POST' ? await readJsonBody(req, config.maxBodyBytes) : undefined;
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      // The rest of the body is not read: close the connection instead of draining it.
      res.setHeader('connection', 'close');
      return refuse(413, 'The request body is too large', { code: 'PAYLOAD_TOO_LARGE' });
    }
    return refuse(400, 'The request body is not valid JSON', { code: 'BAD_REQUEST' });
  }
  // With batching off Apollo refuses every batch whatever its size: a size limit would only tell the
  // client something else first.
  if (config.limits.batching && Array.isArray(body) && body.length > config.limits.maxBatch) {
    return refuse(400, LIMIT_MESSAGES.batch, { code: 'QUERY_TOO_COMPLEX', limit: 'batch' });
  }

  const headers = new HeaderMap();
  for (const key of APOLLO_HEADERS) {
    const value = req.headers[key];
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let httpGraphQLRequest: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    search,
    body,
  };
  let refusedMembers: BatchRefusals | undefined;
  if (services.trustedDocuments) {
    const gated = gateTrustedDocuments(httpGraphQLRequest, {
      documents: services.trustedDocuments,
      only: config.trustedDocuments.only,
      routerToken: config.trustedDocuments.routerToken,
      batching: config.limits.batching,
    });
    if ('refusal' in gated) {
      services.metrics?.trustedDocumentRefused(gated.refusal.reason);
      return refuse(gated.refusal.status, gated.refusal.message, { code: gated.refusal.code });
    }
    if (gated.untrusted > 0) services.metrics?.untrustedOperations(gated.untrusted);
    // A batch's refused members are answered at their indices; Apollo runs the others.
    refusedMembers = gated.refusedMembers;
    for (const refusal of refusedMembers?.members.values() ?? []) {
      services.metrics?.trustedDocumentRefused(refusal.reason);
      record.errors.add(refusal.code);
    }
    if (refusedMembers?.all) {
      operation.span.end();
      const { status, body } = refusedMembers.answer();
      return sendJson(res, status, JSON.parse(body), mediaType);
    }
    httpGraphQLRequest = gated.request;
  }
  const budget = startRequestBudget(config.requestTimeoutMs);
  res.once('close', () => budget.end(!res.writableFinished));
  const signal = budget.signal;

  const response = await otelContext.with(operation.context, () =>
    apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest,
      context: async () => {
        const context = await createContext(services, config, logger, {
          requestId,
          authorization: req.headers.authorization,
          clientAddress: clientAddress(req, config.trustedProxyHops),
          callerIsLocal: () => callerIsLocal(req, config.trustedProxyHops),
          signal,
          trace: operation,
        });
        attachScope(context, scope);
        return context;
      },
    }),
  );
  if (refusedMembers && response.body.kind === 'complete') {
    const merged = refusedMembers.answer({ status: response.status, body: response.body.string });
    response.status = merged.status;
    response.body = { kind: 'complete', string: merged.body };
  }
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

async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readBody(req, limit);
  const type = req.headers['content-type'] ?? '';
  // Apollo answers non-JSON content types itself (and CSRF prevention relies on that).
  if (!type.includes('json') || text === '') return text;
  return JSON.parse(text);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  mediaType = 'application/json',
): void {
  res.writeHead(status, { 'content-type': `${mediaType}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
