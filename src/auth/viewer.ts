/** Who is asking, derived once per request from the Authorization header. */
import type { SessionSigner } from './session.js';

export interface Viewer {
  userId: string;
  admin: boolean;
  expiresAt: Date;
}

export function viewerFromAuthorization(
  header: string | undefined,
  sessions: SessionSigner,
  adminUserIds: ReadonlySet<string>,
): Viewer | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const session = sessions.verify(match[1]);
  if (!session) return null;
  return { userId: session.userId, admin: adminUserIds.has(session.userId), expiresAt: session.expiresAt };
}
