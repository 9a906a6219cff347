/**
 * Sessions that end before their expiry: one session when its user signs out, every session of a
 * user issued before a time when they sign out everywhere or their password changes. Both are
 * "not before" times checked against the token's issue time: `u:<userId>` holds the user's, and
 * `s:<session id>` holds the session's own expiry, which ends it whenever it was issued. An entry is
 * kept only as long as a session it ends could live. In memory by default; shared through Redis
 * (redis-revocations.ts) so every instance honours it.
 */
import { createNotBeforeTable, type NotBeforeTable } from './not-before-table.js';
import type { Session } from './session.js';

export interface Revocations {
  /** Ends every session of `userId` issued before `atMs`. */
  endUserSessions(userId: string, atMs: number): Promise<void>;
  /** Ends this one session. */
  endSession(session: Session): Promise<void>;
  /** Whether the session has ended early (the signature and expiry are the signer's business). */
  hasEnded(session: Session): Promise<boolean>;
  close(): Promise<void>;
}

export const userKey = (userId: string) => `u:${userId}`;
export const sessionKey = (sessionId: string) => `s:${sessionId}`;

/** The table of both kinds of entries, each expiring when no session it ends can be alive. */
export function createRevocationTable(
  ttlSeconds: number,
  options: { maxEntries?: number; now?: () => number } = {},
): NotBeforeTable {
  return createNotBeforeTable({
    ...options,
    // A user's entry matters while a session issued before it may live; a session's until its expiry.
    expiresAt: (key, at) => (key.startsWith('u:') ? at + ttlSeconds * 1000 : at),
  });
}

/** Whether `table` ends `session`. */
export function endedIn(table: NotBeforeTable, session: Session): boolean {
  const notBefore = Math.max(table.get(userKey(session.userId)), table.get(sessionKey(session.id)));
  return session.issuedAt.getTime() < notBefore;
}

export function createMemoryRevocations(
  ttlSeconds: number,
  options: { maxEntries?: number; now?: () => number } = {},
): Revocations {
  const table = createRevocationTable(ttlSeconds, options);
  return {
    async endUserSessions(userId, atMs) {
      table.raise(userKey(userId), atMs);
    },
    async endSession(session) {
      table.raise(sessionKey(session.id), session.expiresAt.getTime());
    },
    async hasEnded(session) {
      return endedIn(table, session);
    },
    async close() {
      table.close();
    },
  };
}
