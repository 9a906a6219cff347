/**
 * The benchmark's own packages (bench/package.json: GraphQL Mesh, Hive Gateway, the Apollo BFF's
 * Apollo Server, subgraph and REST data source, autocannon) live in
 * bench/node_modules, installed on demand, so a user who never benchmarks never downloads them.
 * `tsx bench/dependencies.ts` (the first half of `npm run bench`) installs them from bench/package-lock.json
 * when any is missing or differs from the lock.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const BENCH = import.meta.dirname;

interface Lock {
  packages: Record<string, { version?: string }>;
}

/** Packages of bench/package.json not installed at their locked version; empty when all are. */
export function missingBenchPackages(): string[] {
  const { dependencies } = JSON.parse(readFileSync(join(BENCH, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(join(BENCH, 'package-lock.json'), 'utf8')) as Lock;
  return Object.keys(dependencies).filter((name) => {
    const installed = join(BENCH, 'node_modules', name, 'package.json');
    if (!existsSync(installed)) return true;
    const { version } = JSON.parse(readFileSync(installed, 'utf8')) as { version: string };
    return version !== lock.packages[`node_modules/${name}`]?.version;
  });
}

/** Why the tests that need bench/node_modules cannot run, if they cannot (for skipUnlessPresent). */
export function benchPackagesMissing(): string | undefined {
  const missing = missingBenchPackages();
  return missing.length > 0
    ? `bench/node_modules lacks ${missing.join(', ')} (npm ci --prefix bench, or npm run bench, installs them)`
    : undefined;
}

if (process.argv[1] === import.meta.filename) {
  const missing = missingBenchPackages();
  if (missing.length > 0) {
    process.stdout.write(
      `Installing the benchmark's packages into bench/node_modules (${missing.join(', ')})\n`,
    );
    execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
}
