/**
 * Names the operation span once the operation is known, and counts each operation by name, type and
 * outcome: `ok`, `invalid` (refused before execution: parse, validation, limits, arguments, an
 * operation name the document does not define) or `error`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { type DocumentNode, Kind } from 'graphql';
import type { Metrics } from '../observability/metrics.js';
import type { GraphQLContext } from '../schema/context.js';

const INVALID = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

export function observabilityPlugin(metrics: Metrics | undefined): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let type = 'unknown';
      return {
        async didResolveOperation({ contextValue, operation, operationName }) {
          type = operation?.operation ?? 'unknown';
          contextValue.span.updateName(`${type} ${operationName ?? 'anonymous'}`);
          contextValue.span.setAttribute('graphql.operation.type', type);
          if (operationName) contextValue.span.setAttribute('graphql.operation.name', operationName);
        },
        async willSendResponse({ contextValue, response, operationName, request, document }) {
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          const codes = errors.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          const outcome =
            codes.length === 0 ? 'ok' : codes.every((c) => INVALID.has(c)) ? 'invalid' : 'error';
          if (outcome !== 'ok')
            contextValue.span.setStatus({ code: SpanStatusCode.ERROR, message: codes.join(',') });
          // A document refused by validation never resolved its operation: name it as the client did.
          const name = operationName ?? request.operationName ?? soleOperationName(document);
          metrics?.operation(name, type, outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

function soleOperationName(document: DocumentNode | undefined): string | undefined {
  const operations = document?.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION) ?? [];
  return operations.length === 1 ? operations[0]?.name?.value : undefined;
}
