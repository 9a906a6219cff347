/**
 * Keeps `npm run bench` from rotting: its smoke mode starts every process (the Apollo BFF too), runs
 * every scenario briefly (the fairness scenario 1+3 too) and exits non-zero when any answer is not a
 * 200 without errors. No timing is asserted.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { benchPackagesMissing } from '../../bench/dependencies.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';

const root = join(import.meta.dirname, '../..');
const noBenchPackages = skipUnlessPresent('the benchmark smoke run', benchPackagesMissing());

it.skipIf(noBenchPackages)(
  'runs every benchmark scenario in smoke mode without a failed answer',
  async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--smoke'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    for (const scenario of [
      'GraphQL user(id)',
      'REST 21 calls, parallel',
      'GraphQL _entities x50',
      'GraphQL login',
      'GraphQL Mesh getUserDetail',
      'GraphQL Mesh search, then 20 aliased details (2 requests)',
      'GraphQL Mesh login',
      'GraphQL Mesh: not expressible',
      'Apollo BFF user(id)',
      'Apollo BFF users(search)',
      'Apollo BFF _entities x50',
      'Apollo BFF login',
      'GraphQL user(id) beside _entities x50',
      'Apollo BFF _entities x50 beside user(id)',
    ]) {
      expect(output).toContain(scenario);
    }
  },
  180_000,
);
