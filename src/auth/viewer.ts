/** Who is asking, derived once per request from the Authorization header. */
import type { Revocations } from './revocations.js';
import type { SessionSigner } from './session.js';

export interface Viewer {
  userId: string;
  admin: boolean;
  expiresAt: Date;
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

export async function viewerFromAuthorization(
  header: string | undefined,
  sessions: SessionSigner,
  adminUserIds: ReadonlySet<string>,
  revocations: Revocations,
): Promise<Viewer | null> {
  const token = bearerToken(header);
  if (!token) return null;
  const session = sessions.verify(token);
  if (!session) return null;
  // A session issued before its user's last password change is over.
  if (session.issuedAt.getTime() < (await revocations.notBefore(session.userId))) return null;
  return { userId: session.userId, admin: adminUserIds.has(session.userId), expiresAt: session.expiresAt };
}
