/**
 * A real redis-server (Debian's package) on a free loopback port, without persistence, for the
 * shared stores. Tests play outages with it: stop and start it again on the same port (empty, as a
 * Redis without persistence comes back), or freeze it with SIGSTOP (it accepts connections and
 * answers nothing) and thaw it with SIGCONT.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
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
 * Whether tests that need redis-server run here (`describe.runIf(withRedis())`): skipped where it
 * is missing, except in CI, which must have it.
 */
export function withRedis(): boolean {
  if (redisServerAvailable()) return true;
  if (process.env.CI) throw new Error('redis-server is required in CI (.ci/run installs it)');
  return false;
}
