/** The per-request context every resolver sees: who asks, the upstream API and fresh loaders. */
import type { Span } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Revocations } from '../auth/revocations.js';
import type { Session, SessionSigner } from '../auth/session.js';
import type { Viewer } from '../auth/viewer.js';
import type { AttemptLimiter } from '../limits/attempt-limiter.js';
import type { LworkApi } from '../upstream/endpoints.js';
import type { Loaders } from './loaders.js';

export interface GraphQLContext {
  requestId: string;
  viewer: Viewer | null;
  /** The request's genuine, unexpired session token, even one that has ended (logout needs it). */
  session: Session | null;
  /** Writes and uncached calls; reads go through `loaders`. */
  api: LworkApi;
  loaders: Loaders;
  sessions: SessionSigner;
  /** Ends sessions early: sign-out, password changes. */
  revocations: Revocations;
  /** EXPOSE_CODES: requestPhoneCode may return the code to a non-admin caller on the loopback interface. */
  exposeCodes: boolean;
  logger: Logger;
  /** Budgets for login and code guesses and code requests. */
  attempts: AttemptLimiter;
  /** The caller's IP address, for per-address attempt limits. */
  clientAddress: string;
  /** Whether the caller is on this machine (loopback peer and loopback client address). */
  callerIsLocal(): boolean;
  /** The operation span; named once the operation is known. */
  span: Span;
  /** Shared by the log lines and spans of this request; undefined when the request has no trace. */
  traceId: string | undefined;
}
