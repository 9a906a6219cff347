/** Structured JSON logs with every secret the layer handles redacted by path. */
import { type Logger, pino } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-token"]',
  'headers.authorization',
  'headers["x-api-token"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.code',
  '*.ticket',
  '*.token',
  '*.apiKey',
  '*.secret',
  'variables',
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
