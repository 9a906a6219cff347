/**
 * The access log: one line per GraphQL request, written by the HTTP layer when the answer is out
 * (http.ts), whatever stage refused or answered it. What only the GraphQL pipeline knows (the
 * operation's name, the codes of the errors it answered) is noted by accessLogPlugin on the record
 * in the request's scope (request-scope.ts). Never variables, bodies or headers: they hold
 * passwords, codes and tokens.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { GraphQLContext } from '../schema/context.js';
import { clientCode } from './format-error.js';
import { scopeOf } from './request-scope.js';

export interface AccessRecord {
  requestId: string;
  traceId?: string;
  method: string | undefined;
  operationName?: string;
  /** The codes the request was answered with, once each. */
  errors: Set<string>;
  started: number;
}

export function writeAccessLine(logger: Logger, record: AccessRecord, status: number): void {
  // Production often logs at warn: then not even the line's object is built.
  if (!logger.isLevelEnabled('info')) return;
  const { requestId, traceId, method, operationName, errors, started } = record;
  logger.info(
    {
      requestId,
      ...(traceId ? { traceId } : {}),
      method,
      operationName,
      status,
      ms: Math.round(performance.now() - started),
      ...(errors.size > 0 ? { errors: [...errors] } : {}),
    },
    'graphql request',
  );
}

export function accessLogPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue, errors }) {
          const record = scopeOf(contextValue)?.access;
          for (const error of errors) record?.errors.add(clientCode(error));
        },
        async willSendResponse({ contextValue, operationName, request }) {
          const record = scopeOf(contextValue)?.access;
          // A batch names each of its operations.
          const name = operationName ?? request.operationName ?? undefined;
          if (record && name)
            record.operationName = record.operationName ? `${record.operationName},${name}` : name;
        },
      };
    },
  };
}
