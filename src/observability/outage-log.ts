/**
 * Log lines for a dependency that fails (the upstream, Redis): one warning when an outage starts, at
 * most one summary per interval while it lasts, one line when it ends. An outage writes a bounded
 * number of lines however many requests hit it, and so does a flapping dependency: an outage may
 * start in the log at most once per interval, so one failing replica in three does not write a pair
 * of lines per call. The log cannot be flooded by traffic during an incident.
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
  /** At most one line of each kind per interval. */
  intervalMs?: number;
  now?: () => number;
}

export function createOutageLog(logger: Logger, options: OutageLogOptions): OutageLog {
  const { dependency, effect, intervalMs = 30_000, now = Date.now } = options;
  /** Set while an outage lasts. */
  let since: number | undefined;
  /** Whether the current outage's start was written (a start within the interval stays silent). */
  let announced = false;
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  /** Failures of this outage, and failures not yet counted in any line. */
  let failures = 0;
  let unreported = 0;

  return {
    failed(error, fields = {}) {
      const t = now();
      if (since === undefined) {
        since = t;
        failures = 0;
        announced = false;
      }
      failures++;
      unreported++;
      if (!announced && t - lastStart >= intervalMs) {
        announced = true;
        lastStart = t;
        lastLine = t;
        const earlier = unreported - 1;
        logger.warn(
          {
            dependency,
            error: describe(error),
            ...(earlier > 0 ? { earlierFailures: earlier } : {}),
            ...fields,
          },
          `${dependency} unavailable: ${effect}`,
        );
        unreported = 0;
      } else if (t - lastLine >= intervalMs) {
        lastLine = t;
        logger.warn(
          { dependency, error: describe(error), failures: unreported, outageMs: t - since },
          `${dependency} still unavailable`,
        );
        unreported = 0;
      }
    },
    ok() {
      if (since === undefined) return;
      // A silent outage (a flap inside the interval) ends silently; its failures are counted in the
      // next line written.
      if (announced) {
        logger.info({ dependency, failures, outageMs: now() - since }, `${dependency} available again`);
        lastLine = now();
      }
      since = undefined;
      announced = false;
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
