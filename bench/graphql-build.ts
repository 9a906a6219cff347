/**
 * The measured GraphQL process runs compiled JavaScript, not through tsx: tsx's loader (a hooks
 * thread with its own V8 heap and the transformed sources) adds about 35 MB of RSS that production
 * need not carry. `tsc -p tsconfig.bench.json` compiles graphql-child.ts and the src/ modules it
 * imports to bench/.build/ (git-ignored) before each run.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Compiles the GraphQL child; answers its module path for startChild (relative to bench/). */
export function buildGraphQLChild(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const root = join(import.meta.dirname, '..');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  return './.build/bench/graphql-child.js';
}

/**
 * V8 flags of the measured GraphQL process, the ones the README recommends for production. Left to
 * itself V8 lets the old generation fill with garbage long before collecting it: under 100
 * connections of 50-entity queries the heap reached 197 MB used for about 60 MB live (peak RSS 280
 * MB). A 160 MB old-space ceiling makes it collect sooner (peak RSS 172-174 MB, heap used 60-72 MB)
 * and an 8 MB semi-space keeps short-lived request garbage young; at 10 connections of scenario 1
 * the CPU per request stayed within this machine's noise.
 */
export const GRAPHQL_NODE_FLAGS = ['--max-semi-space-size=8', '--max-old-space-size=160'];
