/**
 * The only code that speaks HTTP to the Lwork REST API: one got instance with keep-alive agents,
 * explicit timeouts, GET-only retries and the tenant headers, and the resilience around it (a socket
 * pool that queues calls, the circuit breaker, outage logging, spans and metrics). What an answer
 * means is decode.ts's to say.
 */
import http from 'node:http';
import https from 'node:https';
import { type Context, SpanStatusCode } from '@opentelemetry/api';
import got, { type Got, HTTPError } from 'got';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { createOutageLog } from '../observability/outage-log.js';
import { startClientSpan } from '../observability/trace-context.js';
import { type CircuitState, createCircuitBreaker } from './circuit-breaker.js';
import { cancelled, decode, httpFailure, RETRIED_ERRORS, transportFailure } from './decode.js';
import { LocalCallError, UpstreamError } from './errors.js';
import { createFairLimiter } from './fair-limiter.js';

export interface UpstreamClientOptions {
  baseUrl: string;
  tenantId: string;
  apiKey: string;
  connectTimeoutMs: number;
  /** Per attempt, from sending the request to the last byte of the answer. */
  requestTimeoutMs: number;
  /** Retries for GET only. */
  getRetries: number;
  maxSockets: number;
  /** Consecutive transport failures that open the circuit, and how long it stays open. */
  breaker?: { threshold: number; cooldownMs: number };
  logger?: Logger;
  /** Observes every call: its section, `ok` or the failure reason, and its duration in seconds. */
  onCall?: (section: string, outcome: string, seconds: number) => void;
}

/** What one GraphQL request passes down to every upstream call it makes. */
export interface CallContext {
  requestId?: string;
  signal?: AbortSignal;
  /** The request's trace context, for the upstream span and the outgoing `traceparent`. */
  trace?: Context;
}

export interface CallSpec<T> {
  /** Contract section, e.g. '2.8': used in errors, logs and metrics. */
  section: string;
  method: 'GET' | 'POST';
  /** Path relative to the base URL, already percent-encoded. */
  path: string;
  searchParams?: Record<string, string | number | boolean>;
  json?: unknown;
  /** Schema of `data`; omit when the section answers without data. */
  data?: z.ZodType<T>;
  /** When true, a success without `data` is tolerated (undefined). */
  dataOptional?: boolean;
}

export interface UpstreamClient {
  call<T = undefined>(spec: CallSpec<T>, context?: CallContext): Promise<T>;
  circuit(): CircuitState;
  /** Calls on the wire now, and calls waiting for one of the `maxSockets` slots. */
  load(): { inFlight: number; queued: number };
  /** Closes the keep-alive sockets. */
  close(): void;
}

const RETRIED_STATUS = [500, 502, 503, 504];

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets, scheduling: 'lifo' as const };
  const agent = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const instance: Got = got.extend({
    prefixUrl: `${options.baseUrl}/`,
    headers: {
      accept: 'application/json',
      'x-api-tenantid': options.tenantId,
      'x-api-token': options.apiKey,
    },
    agent,
    timeout: { connect: options.connectTimeoutMs, request: options.requestTimeoutMs },
    retry: {
      limit: options.getRetries,
      methods: ['GET'],
      statusCodes: RETRIED_STATUS,
      errorCodes: RETRIED_ERRORS,
      // A short backoff: the caller is a person waiting on a GraphQL answer.
      calculateDelay: ({ attemptCount, computedValue }) =>
        computedValue === 0 ? 0 : Math.min(25 * 2 ** (attemptCount - 1), 200),
    },
    // Never carry the API key to another host.
    followRedirect: false,
    responseType: 'text',
    throwHttpErrors: true,
    // The contract answers small JSON: no compression to negotiate or undo on every call.
    decompress: false,
  });

  // Calls beyond the socket pool wait here as a closure, not as got requests built and parked in the
  // agent's queue: a burst of fan-out queries then costs a little memory instead of one request each.
  const slots = createFairLimiter(options.maxSockets);
  const breaker = createCircuitBreaker(options.breaker?.threshold ?? 5, options.breaker?.cooldownMs ?? 5_000);
  // An outage is logged when it starts, now and then while it lasts, and when it ends; each failed
  // call only at debug, so a busy outage cannot flood the log.
  const outages = options.logger
    ? createOutageLog(options.logger, {
        dependency: 'upstream',
        effect: 'upstream-backed fields fail with UPSTREAM_* codes',
      })
    : undefined;

  async function call<T>(spec: CallSpec<T>, context: CallContext = {}): Promise<T> {
    const started = performance.now();
    const headers: Record<string, string> = context.requestId ? { 'x-request-id': context.requestId } : {};
    const span = startClientSpan(
      `upstream ${spec.section}`,
      { 'http.request.method': spec.method, 'lwork.section': spec.section },
      context.trace,
      headers,
    );
    let outcome = 'ok';
    try {
      // The call context is one per GraphQL request: requests take turns for free sockets.
      return await slots(context, () => attempt(spec, context, headers), context.signal);
    } catch (error) {
      // attempt() throws UpstreamErrors and LocalCallErrors; anything else is the signal's reason for
      // leaving the queue (the request's budget ran out or its caller hung up).
      const failure =
        error instanceof UpstreamError || error instanceof LocalCallError
          ? error
          : cancelled(spec.section, error);
      outcome = failure instanceof LocalCallError ? 'LOCAL_ERROR' : (failure.reason ?? failure.code);
      span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      throw failure;
    } finally {
      span.setAttribute('lwork.outcome', outcome);
      span.end();
      options.onCall?.(spec.section, outcome, (performance.now() - started) / 1000);
    }
  }

  /**
   * One call holding a socket slot. The breaker is asked here, not before the queue, so calls that
   * queued while the circuit was closed fail fast once it opens; and it learns the outcome before the
   * slot passes to the next call.
   */
  async function attempt<T>(spec: CallSpec<T>, context: CallContext, headers: Record<string, string>) {
    // A refused call is no attempt: it must neither count as a failure nor end a probe.
    if (!breaker.allow()) {
      throw new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        'The account service is failing: calls are paused briefly',
        {
          section: spec.section,
        },
      );
    }
    try {
      const result = await send(spec, context, headers);
      breaker.success();
      outages?.ok();
      return result;
    } catch (error) {
      if (error instanceof UpstreamError && error.outage) {
        breaker.failure();
        outages?.failed(error, { section: spec.section, status: error.status, errorCode: error.code });
      } else if (error instanceof UpstreamError && !context.signal?.aborted) {
        // It answered: a refusal or an odd record is no sign of an outage.
        breaker.success();
        outages?.ok();
      } else {
        // A cancelled call or one never sent says nothing about the upstream's health.
        breaker.abandon();
      }
      throw error;
    }
  }

  async function send<T>(
    spec: CallSpec<T>,
    context: CallContext,
    headers: Record<string, string>,
  ): Promise<T> {
    const started = performance.now();
    let status: number | undefined;
    let body: string;
    try {
      const response = await instance(spec.path, {
        method: spec.method,
        searchParams: spec.searchParams,
        json: spec.json,
        headers,
        signal: context.signal,
      });
      status = response.statusCode;
      body = response.body;
    } catch (error) {
      if (error instanceof HTTPError) {
        status = error.response.statusCode;
        body = String(error.response.body ?? '');
        const failure = httpFailure(spec.section, status, body, error);
        if (failure) throw log(failure);
      } else if (context.signal?.aborted) {
        throw log(cancelled(spec.section, error));
      } else {
        throw log(transportFailure(spec.section, error));
      }
    }
    return decode(spec, status, body);

    function log<E extends UpstreamError | LocalCallError>(error: E): E {
      // Outages are summarised by the outage log; a call that could not be built is a bug, which
      // the request's error log reports with its stack.
      options.logger?.debug(
        {
          requestId: context.requestId,
          section: spec.section,
          status: error instanceof UpstreamError ? error.status : undefined,
          errorCode: error instanceof UpstreamError ? error.code : 'LOCAL_ERROR',
          ms: Math.round(performance.now() - started),
        },
        'upstream call failed',
      );
      return error;
    }
  }

  return {
    call,
    circuit: () => breaker.state(),
    load() {
      const { active, waiting } = slots.load();
      return { inFlight: active, queued: waiting };
    },
    close() {
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
