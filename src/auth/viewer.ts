/** Who is asking, derived once per request from the Authorization header. */
import type { Revocations } from './revocations.js';
import type { Session, SessionSigner } from './session.js';

export interface Viewer {
  userId: string;
  admin: boolean;
  expiresAt: Date;
}

export interface Authentication {
  /** The genuine, unexpired session the request carries, even one that has ended early. */
  session: Session | null;
  /** Set only while that session is live: it has not been ended (sign-out, password change). */
  viewer: Viewer | null;
}

const ANONYMOUS: Authentication = { session: null, viewer: null };

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

export async function authenticate(
  header: string | undefined,
  sessions: SessionSigner,
  adminUserIds: ReadonlySet<string>,
  revocations: Revocations,
): Promise<Authentication> {
  const token = bearerToken(header);
  if (!token) return ANONYMOUS;
  const session = sessions.verify(token);
  if (!session) return ANONYMOUS;
  if (await revocations.hasEnded(session)) return { session, viewer: null };
  return {
    session,
    viewer: { userId: session.userId, admin: adminUserIds.has(session.userId), expiresAt: session.expiresAt },
  };
}
