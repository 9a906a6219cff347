/** Structured JSON logs with every secret the layer handles redacted by path. */
import { type Logger, pino } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-token"]',
  'headers.authorization',
  'headers["x-api-token"]',
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
