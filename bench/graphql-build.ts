/**
 * The measured GraphQL process runs compiled JavaScript, not through tsx: tsx's loader (a hooks
 * thread with its own V8 heap and the transformed sources) adds about 35 MB of RSS that production
 * need not carry. `tsc -p tsconfig.bench.json` compiles graphql-child.ts and the src/ modules it
 * imports to bench/.build/ (git-ignored) before each run.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Compiles the GraphQL child; answers its module path for startChild (relative to bench/). */
export function buildGraphQLChild(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  return './.build/bench/graphql-child.js';
}

/**
 * V8 flags of the measured GraphQL process: a 4 MB semi-space (the default is 16 MB) keeps the young
 * generation small; measured at 10 and 100 connections, it cut peak RSS by about 30 MB at the same
 * throughput and CPU per request.
 */
export const GRAPHQL_NODE_FLAGS = ['--max-semi-space-size=4'];
