/** Structured JSON logs with every secret the layer handles redacted by path. */
import { type Logger, pino } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-token"]',
  'req.headers["subgraph-token"]',
  'headers.authorization',
  'headers["x-api-token"]',
  // The router's token (GRAPHQL_ROUTER_TOKEN): it lets a request past the trusted-documents allow-list.
  'headers["subgraph-token"]',
  'variables',
  // pino's wildcards match one level: list the secret keys at the top, one and two levels down.
  // (Error codes are logged as `errorCode`: `code` is a verification code here.)
  ...['password', 'newPassword', 'currentPassword', 'code', 'ticket', 'token', 'apiKey', 'secret'].flatMap(
    (key) => [key, `*.${key}`, `*.*.${key}`],
  ),
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'lwork-graph' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
