/**
 * The per-request context every resolver sees: who asks (from the Authorization header), the
 * upstream API bound to this request's id, deadline and trace, and fresh loaders. Nothing here
 * outlives the request.
 */
import type { Context, Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { authenticate } from '../auth/viewer.js';
import type { Config } from '../config.js';
import { traceIdOf } from '../observability/trace-context.js';
import type { GraphQLContext } from '../schema/context.js';
import { createLoaders } from '../schema/loaders.js';
import { createLworkApi } from '../upstream/endpoints.js';
import type { Services } from './services.js';

/** What the HTTP layer (or an in-process caller) knows of one request. */
export interface RequestFacts {
  requestId: string;
  authorization: string | undefined;
  /** The caller's address, after the trusted proxies (client-address.ts). */
  clientAddress: string;
  /** Whether the caller is on this machine: asked only by the few fields that care. */
  callerIsLocal(): boolean;
  /** Aborts when the caller hangs up or the request's budget is spent. */
  signal: AbortSignal;
  /** The operation span and the trace context it lives in. */
  trace: { span: Span; context: Context };
}

export async function createContext(
  services: Services,
  config: Config,
  logger: Logger,
  facts: RequestFacts,
): Promise<GraphQLContext> {
  const { requestId, signal, trace } = facts;
  const api = createLworkApi(services.upstream, { requestId, signal, trace: trace.context });
  const { session, viewer } = await authenticate(
    facts.authorization,
    services.sessions,
    services.admins,
    services.revocations,
  );
  return {
    requestId,
    viewer,
    session,
    api,
    loaders: createLoaders(api, config.loaderConcurrency, services.metrics?.batch),
    sessions: services.sessions,
    revocations: services.revocations,
    exposeCodes: config.exposeCodes,
    logger,
    attempts: services.attempts,
    clientAddress: facts.clientAddress,
    callerIsLocal: facts.callerIsLocal,
    span: trace.span,
    traceId: traceIdOf(trace.span),
  };
}
