/**
 * W3C trace context in and out. The propagator is used directly (not the global one) so a
 * `traceparent` from the router reaches the upstream even when no OpenTelemetry SDK is registered:
 * spans are then non-recording but carry the router's trace id.
 */
import type { IncomingHttpHeaders } from 'node:http';
import {
  type Context,
  isSpanContextValid,
  context as otelContext,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TRACER_NAME } from '../schema/tracing.js';

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

/** The operation span of one GraphQL request, child of the router's span when it sent one. */
export function startOperationSpan(
  headers: IncomingHttpHeaders,
  requestId: string,
): { span: Span; context: Context } {
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
 * The context an upstream call belongs to: the active resolver span when a context manager tracks
 * one, else the request's operation context handed down explicitly.
 */
export function parentContext(explicit: Context | undefined): Context {
  const active = otelContext.active();
  return trace.getSpan(active) || !explicit ? active : explicit;
}

export { tracer };
