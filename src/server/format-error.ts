/**
 * What clients see of an error. Known failures keep a clear message and a stable `extensions.code`;
 * anything unexpected is masked as INTERNAL_SERVER_ERROR (the request id added later links it to the
 * log line). No stack traces, no upstream internals, no configuration values.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ValidationError } from '../schema/validation.js';
import { isUpstreamError, type UpstreamError } from '../upstream/errors.js';
import { LIMIT_MESSAGES, type LimitName, QueryLimitError } from './query-limits.js';

/** Codes whose messages are written for clients and pass through as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'NOT_FOUND',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_BAD_RESPONSE',
  'QUERY_TOO_COMPLEX',
]);

export const INTERNAL_MESSAGE = 'Internal server error';

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (isUpstreamError(original)) return { ...base, ...upstreamError(original) };
  const limit = queryLimit(error, formatted);
  // No locations either: where the parser stopped would tell the token limit.
  if (limit) return { message: LIMIT_MESSAGES[limit], extensions: { code: 'QUERY_TOO_COMPLEX', limit } };
  if (original instanceof ValidationError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: original.fieldErrors },
    };
  }
  if (isUncodedClientError(error)) return { ...base, extensions: { code: 'BAD_REQUEST' } };
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && CLIENT_CODES.has(code)) {
    const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
    return { ...base, extensions: { ...extensions, code } };
  }
  return { ...base, message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

/**
 * Apollo refuses some requests with a client status but no code (a persisted-query hash that does
 * not match its query, an unknown persisted-query version): they are the client's mistake, with a
 * message written for it.
 */
function isUncodedClientError(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * A refused query: our validation rules, graphql's token limit (whose message, typo included, names
 * the number) or graphql's own introspection depth rule (lists of types nested in lists of types).
 */
function queryLimit(error: unknown, formatted: GraphQLFormattedError): LimitName | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (current instanceof QueryLimitError) return current.limit;
    current = (current as { originalError?: unknown }).originalError;
  }
  if (
    formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' &&
    /contains more tha[nt] \d+ tokens/.test(formatted.message)
  ) {
    return 'tokens';
  }
  if (
    formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' &&
    formatted.message === 'Maximum introspection depth exceeded'
  ) {
    return 'depth';
  }
  return undefined;
}

function upstreamError(error: UpstreamError): Pick<GraphQLFormattedError, 'message' | 'extensions'> {
  switch (error.code) {
    case 'RATE_LIMITED':
      return {
        message: 'Too many requests: try again later',
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: error.retryAfterSeconds ?? 60 },
      };
    case 'UPSTREAM_REJECTED':
      if (error.reason === 'CODE_COOLDOWN') {
        return {
          message: 'A code was sent less than a minute ago: wait before asking again',
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 60 },
        };
      }
      if (error.reason === 'USER_NOT_FOUND') {
        return { message: 'No such user', extensions: { code: 'NOT_FOUND' } };
      }
      // The account service found the request wrong or too large: input the layer let through.
      if (error.reason === 'INVALID_PARAMETER' || error.reason === 'PAYLOAD_TOO_LARGE') {
        return {
          message: 'The account service rejected an argument',
          extensions: { code: 'BAD_USER_INPUT' },
        };
      }
      return { message: INTERNAL_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    default:
      return { message: error.message, extensions: { code: error.code } };
  }
}

/** The code a client is answered with for this error, as formatError decides it. */
export function clientCode(error: GraphQLError): string {
  const code = formatError(error.toJSON(), error).extensions?.code;
  return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
}
