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
/** A session's key names its user and issue time too, so a full table can fold it into the user's. */
export const sessionKey = (session: Pick<Session, 'id' | 'userId' | 'issuedAt'>) =>
  `s:${session.userId}:${session.issuedAt.getTime()}:${session.id}`;
/** The session id (a token digest) of a session key: what Redis knows the session by. */
export const sessionIdOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
/** The user and issue time a session key names (user ids may hold ':', the other parts never do). */
function sessionOwner(key: string): { userId: string; issuedAt: number } {
  const rest = key.slice(2, key.lastIndexOf(':'));
  const split = rest.lastIndexOf(':');
  return { userId: rest.slice(0, split), issuedAt: Number(rest.slice(split + 1)) };
}

/**
 * The table of both kinds of entries, each expiring when no session it ends can be alive. Users'
 * and sessions' entries are bounded apart: a full sessions' part folds its oldest entry into its
 * user's (every session of that user issued up to it ends, more than asked, never less), so sign-outs,
 * however many one caller makes, never push out a user's entry; and no revocation is lost unless
 * `maxEntries` distinct users' entries are live at once.
 */
export function createRevocationTable(
  ttlSeconds: number,
  options: { maxEntries?: number; now?: () => number } = {},
): NotBeforeTable {
  // A user's entry matters while a session issued before it may live; a session's until its expiry.
  const users = createNotBeforeTable({ ...options, expiresAt: (_key, at) => at + ttlSeconds * 1000 });
  const sessions = createNotBeforeTable({
    ...options,
    expiresAt: (_key, at) => at,
    onEvict: ({ key }) => {
      const { userId, issuedAt } = sessionOwner(key);
      users.raise(userKey(userId), issuedAt + 1);
    },
  });
  const part = (key: string) => (key.startsWith('s:') ? sessions : users);
  return {
    raise: (key, at) => part(key).raise(key, at),
    get: (key) => part(key).get(key),
    live: () => [...users.live(), ...sessions.live()],
    get size() {
      return users.size + sessions.size;
    },
    close() {
      users.close();
      sessions.close();
    },
  };
}

/** Whether `table` ends `session`. */
export function endedIn(table: NotBeforeTable, session: Session): boolean {
  const notBefore = Math.max(table.get(userKey(session.userId)), table.get(sessionKey(session)));
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
      table.raise(sessionKey(session), session.expiresAt.getTime());
    },
    async hasEnded(session) {
      return endedIn(table, session);
    },
    async close() {
      table.close();
    },
  };
}
