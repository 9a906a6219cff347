/**
 * Failures that are not a mutation's typed result: GraphQL errors with `extensions.code`
 * (UNAUTHENTICATED, RATE_LIMITED, the allow-list's TRUSTED_DOCUMENT_REQUIRED, ...), which Apollo
 * Client reports as CombinedGraphQLErrors. A ServerError is an answer in another media type (from a
 * proxy, or a server that answers 4xx as plain application/json): its body may carry the same JSON.
 */
import type { ErrorLike } from '@apollo/client';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

interface CodedError {
  message: string;
  code: string;
  retryAfterSeconds?: number;
}

export function codedErrors(error: ErrorLike | undefined): CodedError[] {
  if (!error) return [];
  if (CombinedGraphQLErrors.is(error)) return error.errors.map(coded);
  if (ServerError.is(error)) {
    try {
      const body: unknown = JSON.parse(error.bodyText);
      if (typeof body === 'object' && body !== null && 'errors' in body && Array.isArray(body.errors))
        return body.errors.map(coded);
    } catch {
      // Not JSON: a proxy's page, say. The status below still tells something.
    }
    return [{ message: `The server answered ${error.statusCode}`, code: 'HTTP_ERROR' }];
  }
  return [{ message: error.message, code: 'NETWORK_ERROR' }];
}

export function errorCodes(error: ErrorLike | undefined): string[] {
  return codedErrors(error).map((e) => e.code);
}

function coded(value: unknown): CodedError {
  const record = typeof value === 'object' && value !== null ? value : {};
  const message = 'message' in record && typeof record.message === 'string' ? record.message : 'Error';
  const extensions =
    'extensions' in record && typeof record.extensions === 'object' ? record.extensions : null;
  const code =
    extensions && 'code' in extensions && typeof extensions.code === 'string' ? extensions.code : '';
  const retry = extensions && 'retryAfterSeconds' in extensions ? extensions.retryAfterSeconds : undefined;
  return { message, code, ...(typeof retry === 'number' ? { retryAfterSeconds: retry } : {}) };
}

/** What a person can do about it, by code; the server's message otherwise. */
function explain(error: CodedError): string {
  switch (error.code) {
    case 'UNAUTHENTICATED':
      return 'Your session has ended: sign in again.';
    case 'RATE_LIMITED':
      return `Too many attempts: try again in ${Math.ceil((error.retryAfterSeconds ?? 60) / 60)} min.`;
    case 'TRUSTED_DOCUMENT_REQUIRED':
    case 'PERSISTED_QUERY_NOT_FOUND':
      return 'This version of the app is not deployed on the server yet: reload the page later.';
    case 'UPSTREAM_UNAVAILABLE':
    case 'UPSTREAM_TIMEOUT':
      return 'The account service is not answering: try again shortly.';
    default:
      return error.message;
  }
}

export function OperationError({ error }: { error: ErrorLike | undefined }) {
  const errors = codedErrors(error);
  if (errors.length === 0) return null;
  return (
    <p role="alert" className="error" data-code={errors.map((e) => e.code).join(' ')}>
      {errors.map(explain).join(' ')}
    </p>
  );
}
