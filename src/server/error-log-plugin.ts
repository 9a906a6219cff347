/**
 * Faults of this process, and only those, at error level: one line with the stack for every error
 * a client was answered as INTERNAL_SERVER_ERROR, and the request id in that answer so the two can
 * be found together. Client mistakes, refusals and upstream answers are not faults: they show as
 * codes on the access line (access-log.ts), upstream outages in the upstream client's outage log.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLContext } from '../schema/context.js';
import { isUpstreamError } from '../upstream/errors.js';
import { clientCode } from './format-error.js';

export function errorLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors, operationName }) {
          for (const error of errors) {
            if (clientCode(error) !== 'INTERNAL_SERVER_ERROR') continue;
            const original = unwrapResolverError(error);
            contextValue.logger.error(
              {
                requestId: contextValue.requestId,
                ...(contextValue.traceId ? { traceId: contextValue.traceId } : {}),
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
        async willSendResponse({ contextValue, response }) {
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
