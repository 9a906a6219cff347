/**
 * The benchmark's results as text and pictures: the Markdown table (printed, and written to
 * bench/results.md by a full run), the comparison tables of the README (GraphQL Mesh, the Apollo BFF)
 * and the SVG chart (bench/results.svg).
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { type ChartScenario, renderChart } from './chart.js';
import { type Measured, median, rate } from './measure.js';

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** The rows measured together: one scenario at one setting. */
const sameSetting = (a: Measured, b: Measured) =>
  a.scenario.id === b.scenario.id && a.delay === b.delay && a.connections === b.connections;

/** How the ratio column names another target. */
function versus(m: Measured): string {
  switch (m.target.kind) {
    case 'floor':
      return 'floor';
    case 'mesh':
      return 'Mesh';
    case 'bff':
      return 'Apollo BFF';
    case 'baseline':
      return 'baseline';
    default:
      return m.target.name.replace(/^REST /, '');
  }
}

const signed = (n: number, digits = 1) => `${n >= 0 ? '+' : ''}${fmt(n, digits)}`;

/** The fairness scenario: a small query's latency beside the batches over its latency alone. */
function besideAlone(row: Measured, group: Measured[]): string {
  const alone = group.find((m) => m.target === row.target.alone);
  if (!alone) return '';
  const [p50, p50Alone] = [median(row.p50s), median(alone.p50s)];
  const [p99, p99Alone] = [median(row.p99s), median(alone.p99s)];
  return `p50 ${fmt(p50Alone, 1)} ms alone, ${fmt(p50, 1)} ms beside (${signed(p50 - p50Alone)} ms, ${fmt(p50 / p50Alone, 2)}x); p99 ${fmt(p99Alone, 1)} → ${fmt(p99, 1)} ms`;
}

/** GraphQL's throughput over each other target of its setting, with the p50 it adds. */
function ratios(row: Measured, group: Measured[]): string {
  if (row.scenario.compare === 'fairness') return besideAlone(row, group);
  if (row.target.kind !== 'graphql') return '';
  return group
    .filter((m) => m !== row)
    .map((m) => {
      const added = median(row.p50s) - median(m.p50s);
      const p50 = m.target.kind === 'floor' ? '' : `, p50 ${signed(added)} ms`;
      return `${fmt(rate(row) / rate(m), 2)}x ${versus(m)}${p50}`;
    })
    .join('; ');
}

export function table(all: Measured[]): string {
  const lines = [
    '| # | Scenario | Delay | Conns | Target | ops/s | p50 ms | p99 ms | Upstream calls/op | New upstream conns/1k ops | Failed | Peak RSS MB (GraphQL servers) | GraphQL ÷ other |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of all) {
    const group = all.filter((m) => sameSetting(m, row));
    const { id, title } = row.scenario;
    const rss = Number.isFinite(row.peakRssMb) ? fmt(row.peakRssMb) : '';
    const conns = row.target.connections ?? row.connections;
    lines.push(
      `| ${id} | ${title} | ${row.delay} ms | ${conns} | ${row.target.name} | ${fmt(rate(row))} | ${fmt(median(row.p50s), 1)} | ${fmt(median(row.p99s), 1)} | ${fmt(row.upstreamCalls / row.ops, 2)} | ${fmt((row.upstreamConnections / row.ops) * 1000, 1)} | ${row.failures} | ${rss} | ${ratios(row, group)} |`,
    );
    // After a setting's last row: what a system cannot express there, instead of a blank.
    if (group[group.length - 1] === row) {
      for (const note of row.scenario.notes) {
        lines.push(`| ${id} | ${title} | ${row.delay} ms | ${row.connections} | ${note} | | | | | | | | |`);
      }
    }
  }
  return lines.join('\n');
}

export function chart(all: Measured[], caption: string): string {
  const scenarios = [...new Set(all.map((m) => m.scenario))];
  const charted: ChartScenario[] = scenarios.map((s) => {
    const rows = all.filter((m) => m.scenario === s);
    const label = (m: Measured) => `${m.delay} ms, ${m.connections} conns`;
    return {
      id: s.id,
      title: s.title,
      notes: s.notes,
      groups: [...new Set(rows.map(label))].map((setting) => ({
        label: setting,
        bars: rows
          .filter((m) => label(m) === setting)
          .map((m) => ({
            target: m.target.name,
            kind: m.target.kind,
            opsPerSec: rate(m),
            p99Ms: median(m.p99s),
          })),
      })),
    };
  });
  return renderChart(charted, caption);
}

/** The date and machine line, the rounds line, then the table. */
export function resultsText(
  all: Measured[],
  run: { started: number; rounds: number; seconds: number },
): string {
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()}`;
  return [
    `Benchmark of ${new Date(run.started).toISOString().slice(0, 10)} on ${machine}.`,
    `${run.rounds} interleaved rounds of about ${run.seconds} s per target; ${fmt((Date.now() - run.started) / 1000)} s in all.`,
    '',
    table(all),
    '',
  ].join('\n');
}

/** The systems the README compares the layer with, each in a table of its own. */
export type Peer = 'mesh' | 'bff';
const PEER_NAMES: Record<Peer, string> = { mesh: 'GraphQL Mesh', bff: 'Apollo BFF' };

const figure = (m: Measured) => `${fmt(rate(m))} (${fmt(median(m.p99s), 1)})`;

/** One row per scenario and setting: this layer, the peer and direct REST, ops/s (p99 ms). */
export function peerFigures(all: Measured[], peer: Peer): string {
  const lines = [
    `| # | Scenario | Delay, conns | This layer ops/s (p99 ms) | ${PEER_NAMES[peer]} ops/s (p99 ms) | Direct REST ops/s (p99 ms) |`,
    '|---|---|---|---|---|---|',
  ];
  const firsts = all.filter(
    (m, i) => m.scenario.compare !== 'fairness' && all.findIndex((o) => sameSetting(o, m)) === i,
  );
  for (const first of firsts) {
    const group = all.filter((m) => sameSetting(m, first));
    const of = (kind: Measured['target']['kind']) => group.filter((m) => m.target.kind === kind);
    const peers = of(peer);
    const rest = of('rest');
    const cells = [
      of('graphql').map(figure).join('; ') || '-',
      peers.length > 0
        ? peers.map((m) => `${figure(m)}${m.target.figureNote ? `, ${m.target.figureNote}` : ''}`).join('; ')
        : (first.scenario.missing?.[peer] ?? '-'),
      rest.map((m) => `${figure(m)}${rest.length > 1 ? ` ${versus(m)}` : ''}`).join('; ') || '-',
    ];
    lines.push(
      `| ${first.scenario.id} | ${first.scenario.title} | ${first.delay} ms, ${first.connections} | ${cells.join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The fairness scenario per system: the small query's p50 alone and beside the batches. */
export function fairnessFigures(all: Measured[]): string {
  const beside = all.filter((m) => m.scenario.compare === 'fairness' && m.target.alone);
  if (beside.length === 0) return '';
  const lines = [
    "| Delay, batches' conns | System | user(id) p50 ms alone | p50 ms beside _entities x50 | p99 ms alone, beside | Batches ops/s |",
    '|---|---|---|---|---|---|',
  ];
  for (const row of beside) {
    const group = all.filter((m) => sameSetting(m, row));
    const alone = group.find((m) => m.target === row.target.alone);
    const batches = group.find((m) => m.target.kind === row.target.kind && m !== row && m !== alone);
    if (!alone) continue;
    const system = row.target.name.replace(/ user\(id\).*$/, '');
    lines.push(
      `| ${row.delay} ms, ${row.connections} | ${system} | ${fmt(median(alone.p50s), 1)} | ${fmt(median(row.p50s), 1)} | ${fmt(median(alone.p99s), 1)}, ${fmt(median(row.p99s), 1)} | ${batches ? fmt(rate(batches)) : '-'} |`,
    );
  }
  return lines.join('\n');
}

/** The README's generated blocks, by marker name. */
export function readmeBlocks(all: Measured[], output: string): Record<string, string> {
  const fairness = fairnessFigures(all);
  return {
    'bench-table': output,
    'mesh-figures': peerFigures(all, 'mesh'),
    'bff-figures': [peerFigures(all, 'bff'), ...(fairness ? ['', fairness] : [])].join('\n'),
  };
}

const README = new URL('../README.md', import.meta.url);

/**
 * Replaces each block between `<!-- name:start -->` and `<!-- name:end -->` in the README; answers
 * the names it did not find.
 */
export async function updateReadme(
  blocks: Record<string, string>,
  file: URL | string = README,
): Promise<string[]> {
  let text = await readFile(file, 'utf8');
  const missing: string[] = [];
  for (const [name, content] of Object.entries(blocks)) {
    const start = `<!-- ${name}:start -->\n`;
    const end = `<!-- ${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end, from);
    if (from < 0 || to < 0) {
      missing.push(name);
      continue;
    }
    text = `${text.slice(0, from + start.length)}${content.trimEnd()}\n${text.slice(to)}`;
  }
  await writeFile(file, text);
  return missing;
}

/** A full run's record: bench/results.md (the table, then the comparison tables) and bench/results.svg. */
export async function writeResults(all: Measured[], output: string): Promise<void> {
  const fairness = fairnessFigures(all);
  const text = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see the Benchmark section of the README for what each scenario measures).',
    '',
    output,
    '## Compared with GraphQL Mesh',
    '',
    peerFigures(all, 'mesh'),
    '',
    '## Compared with a hand-written Apollo BFF',
    '',
    peerFigures(all, 'bff'),
    '',
    ...(fairness
      ? ['Scenario 1+3, a small query beside large batches on the same server:', '', fairness, '']
      : []),
  ].join('\n');
  await writeFile(new URL('./results.md', import.meta.url), text);
  await writeFile(new URL('./results.svg', import.meta.url), chart(all, output.split('\n')[0] ?? ''));
}
