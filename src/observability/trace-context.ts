/**
 * W3C trace context in and out. The propagator is used directly (not the global one) so a
 * `traceparent` from the router reaches the upstream even when no OpenTelemetry SDK is registered:
 * spans are then non-recording but carry the router's trace id.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  type Attributes,
  type Context,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  context as otelContext,
  ProxyTracerProvider,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
/** The name of this project's tracer: operation, resolver and upstream spans. */
export const TRACER_NAME = 'lwork-graph';

const propagator = new W3CTraceContextPropagator();
const tracer = trace.getTracer(TRACER_NAME);

export function extractTraceContext(headers: IncomingHttpHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => carrier[key],
  });
}

export function injectTraceHeaders(ctx: Context, headers: Record<string, string>): void {
  propagator.inject(ctx, headers, { set: (carrier, key, value) => (carrier[key] = value) });
}

// What an unset global provider delegates to: the API's no-op provider (not exported by name).
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** Whether the process registered an OpenTelemetry SDK (checked per call: it may register after start-up). */
export function tracingEnabled(): boolean {
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NOOP_PROVIDER;
}

/**
 * Without an SDK and without a trace from the router there is nothing to record or pass on: one
 * shared non-recording span stands in (its methods do nothing), and no context is built per request.
 */
const UNTRACED_SPAN = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
const UNTRACED = { span: UNTRACED_SPAN, context: ROOT_CONTEXT };

/** The operation span of one GraphQL request, child of the router's span when it sent one. */
export function startOperationSpan(
  headers: IncomingHttpHeaders,
  requestId: string,
): { span: Span; context: Context } {
  if (headers.traceparent === undefined && !tracingEnabled()) return UNTRACED;
  const parent = extractTraceContext(headers);
  const span = tracer.startSpan(
    'graphql.request',
    { kind: SpanKind.SERVER, attributes: { 'request.id': requestId } },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

/**
 * The trace id for log lines, or undefined when there is no trace: without a `traceparent` and
 * without an SDK the span carries the invalid all-zero id, which names no trace.
 */
export function traceIdOf(span: Span): string | undefined {
  const spanContext = span.spanContext();
  return isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

/**
 * The client span of one upstream call, child of the resolver's span or the request's, and its
 * `traceparent` in `headers`; nothing at all while there is neither an SDK nor a trace to continue.
 */
export function startClientSpan(
  name: string,
  attributes: Attributes,
  explicit: Context | undefined,
  headers: Record<string, string>,
): Span {
  const parent = parentContext(explicit);
  if (!tracingEnabled() && !trace.getSpanContext(parent)) return UNTRACED_SPAN;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes }, parent);
  injectTraceHeaders(trace.setSpan(parent, span), headers);
  return span;
}

/**
 * The context an upstream call belongs to: the active resolver span when a context manager tracks
 * one, else the request's operation context handed down explicitly.
 */
export function parentContext(explicit: Context | undefined): Context {
  const active = otelContext.active();
  return trace.getSpan(active) || !explicit ? active : explicit;
}

export { tracer };
