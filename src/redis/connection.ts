/**
 * The one Redis connection behind the shared stores (attempt counters, session revocations), built
 * to fail fast: while Redis is unreachable, or accepts connections but hangs, a command is refused
 * at once and the caller falls back to this instance's memory, instead of every request waiting out
 * an offline queue, a connect timeout or a command timeout.
 */
import { Redis, ReplyError } from 'ioredis';
import type { OutageLog } from '../observability/outage-log.js';

export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError';
  constructor() {
    super('Redis is unavailable: not sending commands until it answers again');
  }
}

export interface RedisConnection {
  /** Runs `command`, or throws RedisUnavailableError at once while Redis is known to be down. */
  run<T>(command: (redis: Redis) => Promise<T>): Promise<T>;
  /** Whether commands are sent now. */
  readonly available: boolean;
  /** Called each time Redis becomes usable: first connection, reconnection, end of a hang. */
  onAvailable(listener: () => void): void;
  /** Resolves when the first connection attempt has settled (either way), at most after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export interface RedisConnectionOptions {
  /** The longest one command may take; past it Redis counts as hanging. */
  commandTimeoutMs: number;
  /** While Redis hangs, one PING per interval finds out when it answers again. */
  probeIntervalMs?: number;
  /** Connection failures: unreachable, closed, hanging. */
  outage?: OutageLog;
  /** Commands Redis answered with an error (e.g. OOM at maxmemory), reported apart from outages. */
  refusals?: OutageLog;
}

/** Unanswered PINGs after which a hanging connection is replaced. */
const RECONNECT_AFTER_PROBES = 5;
/** How long Redis must accept commands again before a period of refusals counts as over. */
const REFUSALS_QUIET_MS = 30_000;

export function createRedisConnection(url: string, options: RedisConnectionOptions): RedisConnection {
  const { commandTimeoutMs, probeIntervalMs = 1_000, outage, refusals } = options;
  const redis = new Redis(url, {
    // Refuse commands while disconnected rather than queueing them until a reconnect.
    enableOfflineQueue: false,
    // A command sent to a Redis that accepts connections but hangs (SIGSTOP, a stalled host).
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(1_000, commandTimeoutMs),
    // Commands lost with a connection fail (the stores fall back); none is replayed later.
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // Reconnect attempts: at most one a second, so a returning Redis is used again promptly.
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  const listeners: Array<() => void> = [];
  let hanging = false;
  let probe: NodeJS.Timeout | undefined;
  let lastRefusal = 0;
  let silentProbes = 0;

  const becameAvailable = () => {
    hanging = false;
    silentProbes = 0;
    if (probe) clearInterval(probe);
    probe = undefined;
    outage?.ok();
    for (const listener of listeners) listener();
  };

  // Known down until a PING answers: requests meanwhile use memory without waiting. A connection
  // that stays silent is dropped after a few probes, with the commands still waiting on it; a new
  // one is ready only once Redis answers its ready check.
  const startProbing = () => {
    hanging = true;
    probe ??= setInterval(() => {
      if (redis.status !== 'ready') return; // the 'ready' event ends the outage
      const answered = () => {
        if (hanging) becameAvailable(); // once, though several PINGs may answer after a freeze
      };
      redis.ping().then(answered, (error: unknown) => {
        outage?.failed(error);
        if (++silentProbes < RECONNECT_AFTER_PROBES) return;
        silentProbes = 0;
        redis.disconnect(true);
      });
    }, probeIntervalMs);
    probe.unref();
  };

  let closing = false;
  redis.on('ready', becameAvailable);
  // Each failed connection attempt; without a listener an 'error' event would crash the process.
  redis.on('error', (error: unknown) => outage?.failed(error));
  // A lost connection starts the outage line at once, with or without traffic.
  redis.on('close', () => {
    if (!closing) outage?.failed(new Error('the connection to Redis closed'));
  });

  return {
    async run(command) {
      if (hanging || redis.status !== 'ready') {
        const error = new RedisUnavailableError();
        outage?.failed(error);
        throw error;
      }
      try {
        const result = await command(redis);
        // A command sent before a hang was noticed may still answer: the PING probe ends a hang.
        if (!hanging) outage?.ok();
        if (lastRefusal > 0 && Date.now() - lastRefusal > REFUSALS_QUIET_MS) {
          lastRefusal = 0;
          refusals?.ok();
        }
        return result;
      } catch (error) {
        if (error instanceof ReplyError) {
          // Redis answered: it is reachable, it refused this command.
          lastRefusal = Date.now();
          refusals?.failed(error);
        } else {
          if (redis.status === 'ready') startProbing();
          outage?.failed(error);
        }
        throw error;
      }
    },
    get available() {
      return !hanging && redis.status === 'ready';
    },
    onAvailable(listener) {
      listeners.push(listener);
    },
    settled(timeoutMs) {
      if (redis.status === 'ready') return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          redis.off('ready', done);
          redis.off('error', done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        redis.once('ready', done);
        redis.once('error', done);
      });
    },
    async close() {
      closing = true;
      if (probe) clearInterval(probe);
      listeners.length = 0;
      if (redis.status === 'ready' && !hanging) await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    },
  };
}
