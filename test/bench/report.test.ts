/**
 * The benchmark's text output from made-up measurements: the main table keeps its columns, the
 * README's comparison tables keep the shape the README shows, the fairness rows compare alone with
 * beside, and the command line refuses what it does not know.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Measured } from '../../bench/measure.js';
import { parseOptions } from '../../bench/options.js';
import { fairnessFigures, peerFigures, readmeBlocks, table, updateReadme } from '../../bench/report.js';
import type { Row, Scenario } from '../../bench/scenarios.js';

const scenario = (id: Scenario['id'], title: string, extra: Partial<Scenario> = {}): Scenario => ({
  id,
  title,
  connections: [10],
  targets: [],
  notes: [],
  ...extra,
});

const measured = (
  s: Scenario,
  target: Row,
  ops: number,
  p50: number,
  p99: number,
  connections = 10,
): Measured => ({
  scenario: s,
  delay: 20,
  connections,
  target,
  ops,
  seconds: 2,
  failures: 0,
  p50s: [p50],
  p99s: [p99],
  upstreamCalls: ops,
  upstreamConnections: 0,
  peakRssMb: target.kind === 'rest' ? Number.NaN : 150,
});

const search = scenario('2', 'search 20 users');
const entities = scenario('3', '_entities for 50 users', {
  missing: { mesh: 'not expressible: no entities' },
});
const fairness = scenario('1+3', 'user(id) beside batches', { compare: 'fairness' });
const alone: Row = { name: 'GraphQL user(id), alone', kind: 'graphql', connections: 1 };
const beside: Row = { name: 'GraphQL user(id) beside _entities x50', kind: 'graphql', connections: 1, alone };
const batches: Row = { name: 'GraphQL _entities x50 beside user(id)', kind: 'graphql' };

const results: Measured[] = [
  measured(search, { name: 'GraphQL users(search)', kind: 'graphql' }, 800, 20, 40),
  measured(search, { name: 'GraphQL (baseline) users(search)', kind: 'baseline' }, 400, 30, 60),
  measured(search, { name: 'REST 21 calls, sequential', kind: 'rest' }, 100, 50, 90),
  measured(search, { name: 'REST 21 calls, parallel', kind: 'rest' }, 200, 45, 80),
  measured(search, { name: 'Mesh two requests', kind: 'mesh', figureNote: 'in two requests' }, 60, 300, 500),
  measured(search, { name: 'Apollo BFF users(search)', kind: 'bff' }, 100, 200, 400),
  measured(entities, { name: 'GraphQL _entities x50', kind: 'graphql' }, 60, 100, 200, 1),
  measured(entities, { name: 'Apollo BFF _entities x50', kind: 'bff' }, 120, 50, 80, 1),
  measured(fairness, alone, 80, 24, 40),
  { ...measured(fairness, beside, 20, 60, 100), upstreamCalls: Number.NaN, upstreamConnections: Number.NaN },
  {
    ...measured(fairness, batches, 30, 600, 900),
    upstreamCalls: Number.NaN,
    upstreamConnections: Number.NaN,
  },
];

describe('benchmark report', () => {
  it('keeps the main table: 13 columns, ratios for GraphQL, own connection counts, - for shared counters', () => {
    const lines = table(results).split('\n');
    expect(lines[0]?.split('|')).toHaveLength(15);
    expect(lines.every((l) => l.split('|').length === 15)).toBe(true);
    const graphql = lines.find((l) => l.includes('| GraphQL users(search) |'));
    expect(graphql).toContain('2.00x baseline, p50 -10.0 ms; 8.00x 21 calls, sequential, p50 -30.0 ms');
    expect(graphql).toContain('8.00x Apollo BFF, p50 -180.0 ms');
    const besideLine = lines.find((l) => l.includes('| GraphQL user(id) beside'));
    expect(besideLine).toContain('| 20 ms | 1 |');
    expect(besideLine).toContain('| - | - |');
    expect(besideLine).toContain('p50 24.0 ms alone, 60.0 ms beside (+36.0 ms, 2.50x); p99 40.0 → 100.0 ms');
    expect(lines.find((l) => l.includes('| GraphQL _entities x50 beside'))).toContain('| 20 ms | 10 |');
  });

  it("writes the README's comparison tables in the shape they have there", () => {
    expect(peerFigures(results, 'mesh').split('\n')).toEqual([
      '| # | Scenario | Delay, conns | This layer ops/s (p99 ms) | GraphQL Mesh ops/s (p99 ms) | Direct REST ops/s (p99 ms) |',
      '|---|---|---|---|---|---|',
      '| 2 | search 20 users | 20 ms, 10 | 400 (40.0) | 30 (500.0), in two requests | 50 (90.0) 21 calls, sequential; 100 (80.0) 21 calls, parallel |',
      '| 3 | _entities for 50 users | 20 ms, 1 | 30 (200.0) | not expressible: no entities | - |',
    ]);
    expect(peerFigures(results, 'bff')).toContain(
      '| 3 | _entities for 50 users | 20 ms, 1 | 30 (200.0) | 60 (80.0) | - |',
    );
    expect(fairnessFigures(results).split('\n')[2]).toBe(
      '| 20 ms, 10 | GraphQL | 24.0 | 60.0 | 40.0, 100.0 | 15 |',
    );
    expect(Object.keys(readmeBlocks(results, 'output'))).toEqual([
      'bench-table',
      'mesh-figures',
      'bff-figures',
    ]);
  });
});

describe('README blocks', () => {
  it('replaces what is between the markers, keeps the rest, and names the blocks it did not find', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'bench-readme-')), 'README.md');
    await writeFile(
      file,
      'intro\n<!-- mesh-figures:start -->\nold\ntable\n<!-- mesh-figures:end -->\n\nwords stay\n',
    );
    const missing = await updateReadme({ 'mesh-figures': '| new |\n', 'bff-figures': 'x' }, file);
    expect(missing).toEqual(['bff-figures']);
    expect(await readFile(file, 'utf8')).toBe(
      'intro\n<!-- mesh-figures:start -->\n| new |\n<!-- mesh-figures:end -->\n\nwords stay\n',
    );
  });

  it("finds every block in this repository's README", async () => {
    const readme = await readFile(join(import.meta.dirname, '../../README.md'), 'utf8');
    for (const name of Object.keys(readmeBlocks(results, 'output'))) {
      expect(readme).toContain(`<!-- ${name}:start -->\n`);
      expect(readme).toContain(`<!-- ${name}:end -->`);
    }
  });
});

describe('benchmark options', () => {
  it('reads lists and flags, and calls a run with any of them partial', () => {
    expect(
      parseOptions(['--only=1,1+3', '--connections=1,10', '--delays=0', '--rounds=2'], {}),
    ).toMatchObject({
      only: ['1', '1+3'],
      connections: [1, 10],
      delays: [0],
      rounds: 2,
      partial: true,
      smoke: false,
    });
    expect(parseOptions(['--baseline=../base', '--cpu-prof'], {})).toMatchObject({
      baseline: '../base',
      cpuProf: true,
      partial: false,
      connections: undefined,
      delays: [0, 20],
      rounds: 3,
    });
    expect(parseOptions([], { BENCH_SMOKE: '1' })).toMatchObject({
      smoke: true,
      connections: [10],
      delays: [0],
    });
  });

  it('refuses unknown options and malformed numbers', () => {
    expect(() => parseOptions(['--conections=10'], {})).toThrow(/conections/);
    expect(() => parseOptions(['--delays=0,x'], {})).toThrow(/whole numbers/);
    expect(() => parseOptions(['--rounds=0'], {})).toThrow(/start at 1/);
  });
});
