/**
 * The access log: one line per GraphQL request, written by the HTTP layer when the request ends
 * (http.ts), whatever stage refused or answered it. What only the GraphQL pipeline knows (the
 * operation's name, the codes of the errors it answered) is noted on the record in the request's
 * scope by access-log-plugin.ts. Never variables, bodies or headers: they hold passwords, codes and
 * tokens.
 */
import type { Logger } from 'pino';

export interface AccessRecord {
  requestId: string;
  traceId?: string;
  method: string | undefined;
  operationName?: string;
  /** The codes the request was answered with, once each. */
  errors: Set<string>;
  started: number;
}

/** `abandoned`: the client hung up before the answer was out (status is what was being answered). */
export function writeAccessLine(
  logger: Logger,
  record: AccessRecord,
  status: number,
  abandoned = false,
): void {
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
      ...(abandoned ? { abandoned: true } : {}),
    },
    'graphql request',
  );
}
