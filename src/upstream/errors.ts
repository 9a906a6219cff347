/**
 * Every way an upstream call can fail, as one error class. `code` is what the GraphQL layer shows as
 * `extensions.code` for infrastructure failures; `UPSTREAM_REJECTED` carries the contract's `mcode`
 * so resolvers can turn expected business failures into typed results.
 */
import { type McodeName, mcodeName } from '../contract/mcodes.js';

export type UpstreamErrorCode =
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'RATE_LIMITED';

export interface UpstreamErrorDetails {
  /** The contract section of the call, e.g. '2.8'. */
  section: string;
  /**
   * The upstream itself failed (unreachable, timed out, 5xx, unreadable answer), as opposed to
   * answering, refusing, or the call being cancelled: only these count toward the circuit breaker.
   */
  outage?: boolean;
  status?: number;
  mcode?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly code: UpstreamErrorCode;
  readonly section: string;
  readonly status: number | undefined;
  readonly mcode: string | undefined;
  /** The catalogue name of `mcode`, when this project knows it. */
  readonly reason: McodeName | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly outage: boolean;

  constructor(code: UpstreamErrorCode, message: string, details: UpstreamErrorDetails) {
    super(message, { cause: details.cause });
    this.code = code;
    this.outage = details.outage ?? false;
    this.section = details.section;
    this.status = details.status;
    this.mcode = details.mcode;
    this.reason = details.mcode ? mcodeName(details.mcode) : undefined;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** True when the upstream answered `result: false` with this catalogue mcode. */
  is(reason: McodeName): boolean {
    return this.code === 'UPSTREAM_REJECTED' && this.reason === reason;
  }
}

/**
 * A call this process could not make: got refused the request it was given (a value of the wrong
 * type, a body it cannot serialise). A bug here, not an upstream failure: it is answered as an
 * internal error and never counts toward the circuit breaker, so no caller's input can pause the
 * upstream for everyone.
 */
export class LocalCallError extends Error {
  override name = 'LocalCallError';
  constructor(
    readonly section: string,
    cause: unknown,
  ) {
    super(`The call to section ${section} could not be built`, { cause });
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}
