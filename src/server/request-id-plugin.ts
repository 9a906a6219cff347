/**
 * One access line per operation (never its variables or headers: they hold passwords, codes and
 * tokens), carrying the codes of the errors it answered; an error-level line, with the stack, only
 * for what was masked as INTERNAL_SERVER_ERROR, a fault an operator must look at. Client mistakes
 * and refusals (bad input, limits, sessions) and upstream answers are not faults of this process:
 * they appear as codes on the access line, and upstream outages in the upstream client's outage log.
 * Every INTERNAL_SERVER_ERROR a client sees carries the request id its log line carries.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLError } from 'graphql';
import type { GraphQLContext } from '../schema/context.js';
import { isUpstreamError } from '../upstream/errors.js';
import { formatError } from './format-error.js';

/** The code the client is answered with, as formatError decides it. */
export function clientCode(error: GraphQLError): string {
  const code = formatError(error.toJSON(), error).extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}

export function requestIdPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      let codes: string[] = [];
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          const answered = errors.map(clientCode);
          codes = [...new Set(answered)];
          for (const [i, error] of errors.entries()) {
            if (answered[i] !== 'INTERNAL_SERVER_ERROR') continue;
            const original = unwrapResolverError(error);
            contextValue.logger.error(
              {
                requestId: contextValue.requestId,
                traceId: contextValue.traceId,
                operationName,
                // An upstream answer this layer does not know how to map: which call, which mcode.
                ...(isUpstreamError(original)
                  ? { errorCode: original.code, mcode: original.mcode, section: original.section }
                  : {}),
                err: original,
                path: error.path,
              },
              'unexpected error',
            );
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
              ...(codes.length > 0 ? { errors: codes } : {}),
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
