/**
 * What an answer of the account service means, decided without touching the network: the JSON
 * envelope `{result, mcode, data}` decoded into data (checked with the section's zod schema) or an
 * UpstreamError, an HTTP status or a got failure classified (an outage, a refusal, a cancelled call,
 * or a call this process could not build). The transport and resilience live in client.ts.
 */
import { HTTPError, RequestError } from 'got';
import type { z } from 'zod';
import { MCODES } from '../contract/mcodes.js';
import { envelopeSchema } from '../contract/wire.js';
import { LocalCallError, UpstreamError } from './errors.js';

/** Network errors got retries a GET after. */
export const RETRIED_ERRORS = [
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ENOTFOUND',
  'ENETUNREACH',
  'EAI_AGAIN',
];
const UNAVAILABLE_ERRORS = new Set([
  ...RETRIED_ERRORS,
  'EHOSTUNREACH',
  'ECONNABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** What decode needs of a call: its section, and the schema of its `data`. */
export interface DecodeSpec<T> {
  section: string;
  data?: z.ZodType<T>;
  dataOptional?: boolean;
}

/** Turns an HTTP error status into an error, or undefined when the body is an envelope to decode. */
export function httpFailure(
  section: string,
  status: number,
  body: string,
  cause: unknown,
): UpstreamError | undefined {
  if (status === 429) {
    return new UpstreamError('RATE_LIMITED', 'The account service is rate limiting requests', {
      section,
      status,
      retryAfterSeconds: retryAfter(cause),
      cause,
    });
  }
  if (status === 401 || status === 403) {
    // The layer's own tenant credentials were refused: an operator problem, not the caller's.
    return new UpstreamError('UPSTREAM_UNAVAILABLE', 'The account service refused the tenant credentials', {
      section,
      status,
      mcode: envelopeMcode(body),
      cause,
    });
  }
  if (status >= 500) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', 'The account service is unavailable', {
      section,
      status,
      outage: true,
      cause,
    });
  }
  return undefined;
}

/** The caller hung up or the request's budget ran out, before or during the call. */
export function cancelled(section: string, error: unknown): UpstreamError {
  return new UpstreamError(
    'UPSTREAM_TIMEOUT',
    'The request was cancelled before the account service answered',
    {
      section,
      cause: error,
    },
  );
}

/**
 * A got error that is no HTTP answer: got's own timeout, the network (a system error, a socket or
 * stream cut short), or a request got refused to build from the values it was given, which is this
 * process's fault and says nothing about the upstream.
 */
export function transportFailure(section: string, error: unknown): UpstreamError | LocalCallError {
  if (isLocalFault(error)) return new LocalCallError(section, error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ETIMEDOUT') {
    return new UpstreamError('UPSTREAM_TIMEOUT', 'The account service did not answer in time', {
      section,
      outage: true,
      cause: error,
    });
  }
  if (error instanceof RequestError && error.response && !UNAVAILABLE_ERRORS.has(error.code)) {
    return new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The account service sent an unreadable answer', {
      section,
      status: error.response.statusCode,
      outage: true,
      cause: error,
    });
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', 'The account service could not be reached', {
    section,
    outage: true,
    cause: error,
  });
}

/** got reports a value it cannot send (wrong type, unserialisable body) as a TypeError or RangeError. */
function isLocalFault(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const programming = (e: unknown): boolean => e instanceof TypeError || e instanceof RangeError;
  return programming(error) || programming(error.cause);
}

export function decode<T>(spec: DecodeSpec<T>, status: number | undefined, body: string): T {
  const { section } = spec;
  // An unreadable 4xx is an answer about the request (a proxy refusing a client's value), not a sign
  // the upstream is down: only unreadable successes and 5xx count toward the breaker.
  const outage = status === undefined || status < 400 || status >= 500;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The account service answered with invalid JSON', {
      section,
      status,
      outage,
      cause,
    });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The account service answered without the envelope', {
      section,
      status,
      outage,
      cause: envelope.error,
    });
  }
  const { result, mcode, data } = envelope.data;
  if (!result || mcode !== MCODES.OK.code) {
    if (result) {
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        'The account service answered success with a failure code',
        {
          section,
          status,
          mcode,
        },
      );
    }
    throw new UpstreamError('UPSTREAM_REJECTED', `The account service rejected the call (${mcode})`, {
      section,
      status,
      mcode,
    });
  }
  if (!spec.data) return undefined as T;
  if (data === undefined || data === null) {
    if (spec.dataOptional) return undefined as T;
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'The account service answered without data', {
      section,
      status,
    });
  }
  const parsed = spec.data.safeParse(data);
  if (!parsed.success) {
    throw new UpstreamError(
      'UPSTREAM_BAD_RESPONSE',
      'The account service answered with an unexpected shape',
      {
        section,
        status,
        cause: parsed.error,
      },
    );
  }
  return parsed.data;
}

function envelopeMcode(body: string): string | undefined {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.mcode : undefined;
  } catch {
    return undefined;
  }
}

function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof HTTPError)) return undefined;
  const header = error.response.headers['retry-after'];
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
