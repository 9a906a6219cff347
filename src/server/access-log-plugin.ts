/**
 * Notes on the request's access record (access-log.ts) what only the GraphQL pipeline knows: the
 * operation's name and the codes of the errors it was answered with.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from '../schema/context.js';
import { scopeOf } from './request-scope.js';

export function accessLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operationName, request, response }) {
          const record = scopeOf(contextValue)?.access;
          // The codes as formatError has already written them for the client.
          if (record && response.body.kind === 'single') {
            for (const error of response.body.singleResult.errors ?? []) {
              record.errors.add(String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
            }
          }
          // A batch names each of its operations.
          const name = operationName ?? request.operationName ?? undefined;
          if (record && name)
            record.operationName = record.operationName ? `${record.operationName},${name}` : name;
        },
      };
    },
  };
}
