/**
 * Revocations shared through Redis, so a session ended on one instance is refused by all of them.
 *
 * A revocation, once acknowledged, is never forgotten while any instance that knows it runs:
 * - every instance keeps what it wrote and what it read in memory, and the later of its own and
 *   the shared time wins on every check, not only while Redis fails;
 * - Redis writes only ever raise a time (set-if-later, in one script), so no writer moves one back;
 * - a write that failed is retried when Redis returns, and each instance re-publishes everything
 *   it knows (still live) when Redis comes back, or when its marker key shows that Redis lost
 *   its data (a restart without persistence, a flush, a failover to an empty replica).
 * A signed-in request costs one round trip (one MGET), none when this instance already knows the
 * session has ended, and none while Redis is down (the connection refuses at once).
 */
import { randomUUID } from 'node:crypto';
import type { RedisConnection } from '../redis/connection.js';
import type { NotBeforeEntry } from './not-before-table.js';
import {
  createRevocationTable,
  endedIn,
  type Revocations,
  sessionIdOf,
  sessionKey,
  userKey,
} from './revocations.js';

// Raises each key's time (ARGV[2i-1], milliseconds) and never lowers one; a raised key lives
// ARGV[2i] more milliseconds. One script, so concurrent writers cannot interleave GET and SET.
const SET_IF_LATER = `
for i, key in ipairs(KEYS) do
  local at = tonumber(ARGV[2 * i - 1])
  local current = tonumber(redis.call('GET', key) or '')
  if current == nil or at > current then
    redis.call('SET', key, ARGV[2 * i - 1], 'PX', ARGV[2 * i])
  end
end
return #KEYS
`;

/** Keys per script call when re-publishing: one call stays short for Redis. */
const BATCH = 256;
/** After a failed re-publish, wait this long before another, unless Redis reconnects. */
const RETRY_MS = 1_000;

export interface SharedRevocationsOptions {
  /** Prefix of a user's key; `lwork-graph:revoked:<userId>` is the key earlier versions wrote. */
  userPrefix?: string;
  sessionPrefix?: string;
  /** This instance's marker: present while Redis holds everything this instance knows. */
  markerKey?: string;
  maxEntries?: number;
  now?: () => number;
}

export function createSharedRevocations(
  redis: RedisConnection,
  ttlSeconds: number,
  options: SharedRevocationsOptions = {},
): Revocations {
  const {
    userPrefix = 'lwork-graph:revoked:',
    sessionPrefix = 'lwork-graph:revoked-session:',
    markerKey = `lwork-graph:revocations-published:${randomUUID()}`,
    now = Date.now,
  } = options;
  const table = createRevocationTable(ttlSeconds, options);
  const sharedKey = (key: string) =>
    key.startsWith('u:') ? userPrefix + key.slice(2) : sessionPrefix + sessionIdOf(key);

  // True while Redis may lack something this instance knows: until the first publish, and after
  // any failed write.
  let dirty = true;
  let publishing: Promise<void> | undefined;
  let publishAgain = false;
  let lastFailure = 0;

  const write = (entries: NotBeforeEntry[]) => {
    const t = now();
    const live = entries.filter((e) => e.expiresAt > t);
    if (live.length === 0) return Promise.resolve();
    const keys = live.map((e) => sharedKey(e.key));
    const args = live.flatMap((e) => [String(e.at), String(e.expiresAt - t)]);
    return redis.run((r) => r.eval(SET_IF_LATER, keys.length, ...keys, ...args)).then(() => {});
  };

  const publishAll = async () => {
    const live = table.live();
    for (let i = 0; i < live.length; i += BATCH) await write(live.slice(i, i + BATCH));
    // Written last: the marker vouches for everything above.
    await redis.run((r) => r.set(markerKey, '1', 'PX', ttlSeconds * 1000));
  };

  const publish = (force = false) => {
    if (publishing) {
      publishAgain = true;
      return;
    }
    if (!force && now() - lastFailure < RETRY_MS) return;
    dirty = false;
    publishing = publishAll()
      .catch(() => {
        dirty = true;
        lastFailure = now();
      })
      .finally(() => {
        publishing = undefined;
        if (publishAgain) {
          publishAgain = false;
          publish();
        }
      });
  };
  // Reconnected, or answering again after a hang: whatever failed meanwhile, and whatever a
  // restarted Redis lost, goes back now.
  redis.onAvailable(() => publish(true));

  const raise = async (key: string, at: number) => {
    const entry = table.raise(key, at);
    if (!entry) return;
    try {
      await write([entry]);
    } catch {
      // Kept here, published when Redis answers again.
      dirty = true;
      if (publishing) publishAgain = true;
    }
  };

  const remember = (key: string, shared: string | null | undefined) => {
    const at = Number(shared);
    if (shared && Number.isFinite(at)) table.raise(key, at);
  };

  return {
    endUserSessions: (userId, atMs) => raise(userKey(userId), atMs),
    endSession: (session) => raise(sessionKey(session), session.expiresAt.getTime()),
    async hasEnded(session) {
      if (endedIn(table, session)) return true;
      const user = userKey(session.userId);
      const one = sessionKey(session);
      let shared: Array<string | null>;
      try {
        shared = await redis.run((r) => r.mget(sharedKey(user), sharedKey(one), markerKey));
      } catch {
        return false; // this instance's memory, checked above
      }
      const [userAt, sessionAt, marker] = shared;
      // Remembered: this instance can re-publish them, and honours them while Redis is down.
      remember(user, userAt);
      remember(one, sessionAt);
      // Redis lost this instance's revocations, or a write of them failed: publish (once at a time).
      if ((marker === null || dirty) && !publishing) publish();
      return endedIn(table, session);
    },
    async close() {
      // A last try for writes that have not reached Redis (fails at once while it is down).
      if (dirty && redis.available) publish(true);
      await publishing;
      table.close();
    },
  };
}
