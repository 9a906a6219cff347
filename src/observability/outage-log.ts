/**
 * Log lines for a dependency that fails (the upstream, Redis): one warning when an outage starts, at
 * most one summary per interval while it lasts, one line when it ends. An outage then writes a
 * bounded number of lines however many requests hit it, so the log stays readable and cannot be
 * flooded by traffic during an incident.
 */
import type { Logger } from 'pino';

export interface OutageLog {
  /** A failed use of the dependency. */
  failed(error: unknown, fields?: Record<string, unknown>): void;
  /** A successful use: ends the outage, if there was one. */
  ok(): void;
}

export interface OutageLogOptions {
  /** Names the dependency in every line, e.g. `redis`. */
  dependency: string;
  /** What the failure means for users, e.g. "revocations use this instance only". */
  effect: string;
  /** At most one "still failing" line per interval. */
  intervalMs?: number;
  now?: () => number;
}

export function createOutageLog(logger: Logger, options: OutageLogOptions): OutageLog {
  const { dependency, effect, intervalMs = 30_000, now = Date.now } = options;
  let since: number | undefined;
  let lastLine = 0;
  let failures = 0;
  let unreported = 0;

  return {
    failed(error, fields = {}) {
      failures++;
      unreported++;
      const t = now();
      if (since === undefined) {
        since = t;
        lastLine = t;
        unreported = 0;
        logger.warn(
          { dependency, error: describe(error), ...fields },
          `${dependency} unavailable: ${effect}`,
        );
      } else if (t - lastLine >= intervalMs) {
        logger.warn(
          { dependency, error: describe(error), failures: unreported, outageMs: t - since },
          `${dependency} still unavailable`,
        );
        lastLine = t;
        unreported = 0;
      }
    },
    ok() {
      if (since === undefined) return;
      logger.info({ dependency, failures, outageMs: now() - since }, `${dependency} available again`);
      since = undefined;
      failures = 0;
      unreported = 0;
    },
  };
}

/** The error's code or message, never its stack: an outage is not a bug in this process. */
function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
