/**
 * The GraphQL server as its own process, the way an operator starts it: resolves once it prints the
 * GraphQL URL (rejects if it exits first), and keeps its stderr for the test to inspect.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export interface ServerProcess {
  process: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  stderr(): string;
}

export async function startServerProcess(args: string[], env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const proc = spawn(process.execPath, args, { cwd: process.cwd(), env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stdout = '';
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /GraphQL:\s+(http:\/\/\S+\/graphql)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    proc.once('exit', (code) => reject(new Error(`exited ${code} before listening:\n${stdout}\n${stderr}`)));
  });
  return { process: proc, url, exited, stderr: () => stderr };
}
