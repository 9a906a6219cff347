/**
 * The GraphQL server as its own process, the way an operator starts it: resolves once it prints the
 * GraphQL URL (rejects if it exits first), and keeps its stderr for the test to inspect.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  process: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

export interface ServerProcessOptions {
  /** The working directory (default: this one). */
  cwd?: string;
  /** Output that means it is ready; its first group is the GraphQL URL. Default: the URL's line. */
  ready?: RegExp;
  /** What the error says exited, if it exits first. */
  label?: string;
}

export async function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
  {
    cwd = process.cwd(),
    ready = /GraphQL:\s+(http:\/\/\S+\/graphql)/,
    label = 'the server',
  }: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const proc = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = ready.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    proc.once('exit', (code) => reject(new Error(`${label} exited ${code} early:\n${stdout}\n${stderr}`)));
  });
  return { process: proc, url, exited, stdout: () => stdout, stderr: () => stderr };
}
