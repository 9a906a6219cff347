/**
 * The measured GraphQL process runs compiled JavaScript, not through tsx: tsx's loader (a hooks
 * thread with its own V8 heap and the transformed sources) adds about 35 MB of RSS that production
 * need not carry. `tsc -p tsconfig.bench.json` compiles graphql-child.ts and the src/ modules it
 * imports to bench/.build/ (git-ignored) before each run. A baseline checkout (`--baseline=PATH`) is
 * built the same way, in its own bench/.build/, with its own TypeScript.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Compiles the GraphQL child of the checkout at `root`; answers its absolute module path for startChild. */
export function buildGraphQLChild(root: string = ROOT): string {
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  return join(root, 'bench/.build/bench/graphql-child.js');
}

/**
 * Checks that `path` is a checkout the benchmark can build and gives it packages: a checkout without
 * node_modules whose package-lock.json is this one's gets a link to this checkout's node_modules
 * (the same packages, nothing to install); one with other locked packages needs `npm ci` there.
 * Answers the checkout's absolute path.
 */
export function prepareBaseline(path: string): string {
  const root = resolve(path);
  for (const file of ['package.json', 'tsconfig.bench.json', 'bench/graphql-child.ts']) {
    if (!existsSync(join(root, file))) {
      throw new Error(`--baseline=${path}: no ${file} there (a checkout of this repository is expected)`);
    }
  }
  if (!existsSync(join(root, 'node_modules'))) {
    const lock = (dir: string) => readFileSync(join(dir, 'package-lock.json'), 'utf8');
    if (!existsSync(join(root, 'package-lock.json')) || lock(root) !== lock(ROOT)) {
      throw new Error(
        `--baseline=${path}: it has no node_modules and locks other packages than this checkout: run npm ci there first`,
      );
    }
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    process.stderr.write(`baseline: linked ${join(root, 'node_modules')} to this checkout's (same lock)\n`);
  }
  return root;
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
