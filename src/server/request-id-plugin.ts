/**
 * Links masked errors to the log: every INTERNAL_SERVER_ERROR a client sees carries the request id,
 * and the log line with the real error carries it too. Also writes one access line per operation
 * (never its variables or headers: they hold passwords, codes and tokens).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLContext } from '../schema/context.js';
import { isUpstreamError } from '../upstream/errors.js';

export function requestIdPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (isUpstreamError(original)) {
              contextValue.logger.warn(
                {
                  requestId: contextValue.requestId,
                  traceId: contextValue.traceId,
                  operationName,
                  errorCode: original.code,
                  mcode: original.mcode,
                  section: original.section,
                  path: error.path,
                },
                'upstream failure',
              );
            } else if (!error.extensions?.code || error.extensions.code === 'INTERNAL_SERVER_ERROR') {
              contextValue.logger.error(
                {
                  requestId: contextValue.requestId,
                  traceId: contextValue.traceId,
                  operationName,
                  err: original,
                  path: error.path,
                },
                'unexpected error',
              );
            }
          }
        },
        async willSendResponse({ contextValue, response, request, operationName }) {
          contextValue.logger.info(
            {
              requestId: contextValue.requestId,
              traceId: contextValue.traceId,
              method: request.http?.method,
              operationName,
              status: response.http.status ?? 200,
              ms: Math.round(performance.now() - started),
            },
            'graphql request',
          );
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === 'INTERNAL_SERVER_ERROR') {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}
