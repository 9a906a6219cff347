/**
 * The benchmark's control channel to its child processes: request/answer messages over Node's IPC
 * channel, so the children need no extra HTTP route and the measured servers serve only the load.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { resolve } from 'node:path';

export interface ControlMessage {
  id: number;
  type: string;
  [key: string]: unknown;
}

export type ControlHandlers = Record<string, (message: ControlMessage) => unknown>;

/** In a child: answers the parent's messages with the matching handler; tells it when ready. */
export function serveControl(handlers: ControlHandlers, ready: Record<string, unknown>): void {
  process.on('message', (raw) => {
    const message = raw as ControlMessage;
    const handler = handlers[message.type];
    Promise.resolve(handler ? handler(message) : { error: `unknown message ${message.type}` }).then(
      (answer) => process.send?.({ id: message.id, answer }),
      (error: unknown) => process.send?.({ id: message.id, answer: { error: String(error) } }),
    );
  });
  // An orphan has nobody to serve: a crashed benchmark must not leave servers behind.
  process.once('disconnect', () => process.exit(0));
  process.send?.({ id: 0, answer: ready });
}

/**
 * In a measured GraphQL server's child: answers `memory` (its peak RSS, RSS and CPU) and `stop`, and
 * any other handlers given, and reports its URL.
 */
export function serveMeasuredServer(
  server: { url: string; stop(): Promise<void> },
  handlers: ControlHandlers = {},
): void {
  serveControl(
    {
      // maxRSS is the peak since the process started, in kilobytes.
      memory: () => ({
        peakRss: process.resourceUsage().maxRSS * 1024,
        rss: process.memoryUsage().rss,
        cpuMs: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
      }),
      stop: async () => {
        await server.stop();
        setImmediate(() => process.exit(0));
        return {};
      },
      ...handlers,
    },
    { url: server.url },
  );
}

export interface Child {
  process: ChildProcess;
  /** What the child reported when it was ready (e.g. its URL). */
  ready: Record<string, unknown>;
  request<T>(type: string, fields?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * Starts a module (a path relative to bench/, or absolute) in its own Node process and waits until it
 * is ready: TypeScript through tsx, compiled JavaScript (`.js`) directly.
 */
export async function startChild(
  module: string,
  env: Record<string, string>,
  execArgv: string[] = [],
): Promise<Child> {
  const path = resolve(import.meta.dirname, module);
  const child = fork(path, [], {
    execArgv: [...(path.endsWith('.ts') ? ['--import', 'tsx'] : []), ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 1;
  const pending = new Map<number, (answer: unknown) => void>();
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${module} exited early (${code})`));
    child.once('exit', onExit);
    child.on('message', (raw) => {
      const { id, answer } = raw as { id: number; answer: unknown };
      if (id === 0) {
        child.off('exit', onExit);
        resolve(answer as Record<string, unknown>);
        return;
      }
      pending.get(id)?.(answer);
      pending.delete(id);
    });
  });
  return {
    process: child,
    ready,
    request<T>(type: string, fields: Record<string, unknown> = {}) {
      const id = next++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, (answer) => {
          const error = (answer as { error?: string } | undefined)?.error;
          if (error) reject(new Error(`${module}: ${error}`));
          else resolve(answer as T);
        });
        child.send({ id, type, ...fields });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ id: next++, type: 'stop' });
      // A child that does not stop in time is killed: the benchmark must always end.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
