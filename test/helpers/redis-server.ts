/**
 * A real redis-server (Debian's package) on a free loopback port, without persistence, for the
 * shared stores. Tests play outages with it: stop and start it again on the same port (empty, as a
 * Redis without persistence comes back), or freeze it with SIGSTOP (it accepts connections and
 * answers nothing) and thaw it with SIGCONT.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { freePort } from './free-port.js';
import { skipUnlessPresent } from './prerequisites.js';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

/** Why the Redis tests cannot run here, if they cannot (for skipUnlessPresent). */
export function redisServerMissing(): string | undefined {
  return redisServerAvailable()
    ? undefined
    : 'no redis-server on PATH (Debian: apt-get install redis-server; .ci/run installs it)';
}

export interface RedisServer {
  url: string;
  port: number;
  /** Stops the process (thawing it first if frozen); a no-op when it is not running. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** SIGSTOP: connections are accepted, commands are never answered. */
  freeze(): void;
  /** SIGCONT: answers everything it received meanwhile. */
  thaw(): void;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 5_000);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: () => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGCONT');
        running.kill('SIGTERM');
      });
    },
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on ${port}`);
}

/**
 * Whether tests that need redis-server run here (`describe.runIf(withRedis(what))`): skipped, saying
 * why, where it is missing; `.ci/run` fails on any skipped test, so CI must have it.
 */
export function withRedis(what = 'the Redis tests'): boolean {
  return !skipUnlessPresent(what, redisServerMissing());
}
