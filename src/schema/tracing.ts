/**
 * Resolver spans: one for every root field and every User field that may reach the upstream, as
 * children of the operation span. Arguments are never recorded (they hold passwords and codes).
 * The tracer is a proxy: spans are recorded only when the host process registers an OpenTelemetry SDK.
 */
import { trace } from '@opentelemetry/api';
import type { PothosOutputFieldConfig, SchemaTypes } from '@pothos/core';
import { isExposedField, isRootField } from '@pothos/plugin-tracing';
import { createOpenTelemetryWrapper } from '@pothos/tracing-opentelemetry';

export const TRACER_NAME = 'lwork-graph';

/** User fields that only read what their parent already holds. */
const LOCAL_USER_FIELDS = new Set(['id', 'language']);

export function tracesField<Types extends SchemaTypes>(config: PothosOutputFieldConfig<Types>): boolean {
  if (isRootField(config)) return true;
  return config.parentType === 'User' && !isExposedField(config) && !LOCAL_USER_FIELDS.has(config.name);
}

export const resolverSpan = createOpenTelemetryWrapper<boolean>(trace.getTracer(TRACER_NAME), {
  includeArgs: false,
  includeSource: false,
  // `User.tradingAccounts` reads better in a trace view than the generic `graphql.resolve`.
  onSpan: (span, _options, _parent, _args, _context, info) =>
    span.updateName(`${info.parentType.name}.${info.fieldName}`),
});
