/**
 * The process `npm start` runs, as a user runs it: the start script's own Node flags and entry (read
 * from package.json), in a fresh working directory (so `./data` and `.env` are new and empty), with a
 * user's environment (not the test runner's NODE_ENV=test) and free ports instead of 4000 and 4100.
 * The command is spawned directly, not through npm: signals reach the server itself, as they do when
 * an operator signals the pid the server prints. (npm passes on SIGINT and SIGTERM only: a SIGHUP to
 * npm ends npm and leaves the server running, unreloaded.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { freePort } from './free-port.js';
import { startServerProcess } from './server-process.js';

const ROOT = join(import.meta.dirname, '../..');

export interface NpmStart {
  /** The GraphQL URL, e.g. http://127.0.0.1:40123/graphql. */
  url: string;
  /** The ports used instead of the README's: GraphQL (4000) and the account service (4100). */
  ports: { graphql: number; accountService: number };
  /** The working directory the process started in (its ./data is there). */
  cwd: string;
  stdout(): string;
  stderr(): string;
  /** The server's own pid (the node process, no npm in between). */
  pid: number;
  /** Sends the server's process a signal (SIGHUP reloads the trusted documents). */
  signal(name: NodeJS.Signals): void;
  /** SIGTERM, then the exit code; removes the working directory. */
  stop(): Promise<number | null>;
}

/** `npm run start`'s command line with the entry and the tsx loader as absolute paths. */
export function startCommand(): string[] {
  const [command, ...args] = packageJson.scripts.start.split(' ');
  if (command !== 'node')
    throw new Error(`the start script no longer runs node: ${packageJson.scripts.start}`);
  return args.map((arg) => {
    if (arg === 'tsx') return pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
    return arg.startsWith('src/') ? join(ROOT, arg) : arg;
  });
}

/** `env`: variables a user would add to their shell or .env (e.g. GRAPHQL_TRUSTED_DOCUMENTS). */
export async function startNpmStart(env: Record<string, string> = {}): Promise<NpmStart> {
  const cwd = await mkdtemp(join(tmpdir(), 'lwork-start-'));
  const ports = { graphql: await freePort(), accountService: await freePort() };
  const server = await startServerProcess(
    startCommand(),
    {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? cwd,
      PORT: String(ports.graphql),
      ACCOUNT_SERVICE_PORT: String(ports.accountService),
      ...env,
    },
    // The banner is complete once its blank last line is out.
    { cwd, ready: /GraphQL:\s+(http:\/\/\S+\/graphql)[\s\S]*\n\n/, label: 'npm start' },
  );
  const child = server.process;
  if (child.pid === undefined) throw new Error('npm start has no pid');
  return {
    url: server.url,
    pid: child.pid,
    ports,
    cwd,
    stdout: server.stdout,
    stderr: server.stderr,
    signal: (name) => void child.kill(name),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await server.exited;
      await rm(cwd, { recursive: true, force: true });
      return code;
    },
  };
}
