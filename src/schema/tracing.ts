/**
 * Resolver spans: one for every root field and every User field that may reach the upstream, as
 * children of the operation span. Arguments are never recorded (they hold passwords and codes).
 * The tracer is a proxy: spans are recorded only when the host process registers an OpenTelemetry SDK.
 */
import { trace } from '@opentelemetry/api';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import { isExposedField, isRootField } from '@pothos/plugin-tracing';
import { createOpenTelemetryWrapper } from '@pothos/tracing-opentelemetry';
import type { GraphQLFieldResolver } from 'graphql';
import { TRACER_NAME, tracingEnabled } from '../observability/trace-context.js';

/** User fields that only read what their parent already holds. */
const LOCAL_USER_FIELDS = new Set(['id', 'language']);

export function tracesField<Types extends SchemaTypes>(config: PothosOutputFieldConfig<Types>): boolean {
  if (isRootField(config)) return true;
  return config.parentType === 'User' && !isExposedField(config) && !LOCAL_USER_FIELDS.has(config.name);
}

const spanWrapper = createOpenTelemetryWrapper<boolean>(trace.getTracer(TRACER_NAME), {
  includeArgs: false,
  includeSource: false,
  // `User.tradingAccounts` reads better in a trace view than the generic `graphql.resolve`.
  onSpan: (span, _options, _parent, _args, _context, info) =>
    span.updateName(`${info.parentType.name}.${info.fieldName}`),
});

/**
 * A resolver wrapped in its span, or left bare while no SDK is registered: a non-recording span
 * would show nothing, and upstream calls already carry the router's trace context from the request.
 */
export function resolverSpan<Context extends object>(
  resolver: GraphQLFieldResolver<unknown, Context, Record<string, unknown>>,
  options: boolean,
): GraphQLFieldResolver<unknown, Context, Record<string, unknown>> {
  const traced = spanWrapper(resolver, options);
  return (source, args, context, info) =>
    tracingEnabled() ? traced(source, args, context, info) : resolver(source, args, context, info);
}
