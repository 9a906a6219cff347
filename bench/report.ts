/**
 * The benchmark's results as text and pictures: the Markdown table (printed, and written to
 * bench/results.md by a full run) and the SVG chart (bench/results.svg).
 */
import { writeFile } from 'node:fs/promises';
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
    default:
      return m.target.name.replace(/^REST /, '');
  }
}

/** GraphQL's throughput over each other target of its setting, with the p50 it adds. */
function ratios(row: Measured, group: Measured[]): string {
  if (row.target.kind !== 'graphql') return '';
  return group
    .filter((m) => m !== row)
    .map((m) => {
      const added = median(row.p50s) - median(m.p50s);
      const p50 = m.target.kind === 'floor' ? '' : `, p50 ${added >= 0 ? '+' : ''}${fmt(added, 1)} ms`;
      return `${fmt(rate(row) / rate(m), 2)}x ${versus(m)}${p50}`;
    })
    .join('; ');
}

export function table(all: Measured[]): string {
  const lines = [
    '| # | Scenario | Delay | Conns | Target | ops/s | p50 ms | p99 ms | Upstream calls/op | New upstream conns/1k ops | Failed | Peak RSS MB (GraphQL, Mesh) | GraphQL ÷ other |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of all) {
    const group = all.filter((m) => sameSetting(m, row));
    const { id, title } = row.scenario;
    const rss = Number.isFinite(row.peakRssMb) ? fmt(row.peakRssMb) : '';
    lines.push(
      `| ${id} | ${title} | ${row.delay} ms | ${row.connections} | ${row.target.name} | ${fmt(rate(row))} | ${fmt(median(row.p50s), 1)} | ${fmt(median(row.p99s), 1)} | ${fmt(row.upstreamCalls / row.ops, 2)} | ${fmt((row.upstreamConnections / row.ops) * 1000, 1)} | ${row.failures} | ${rss} | ${ratios(row, group)} |`,
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

/** A full run's record: bench/results.md and bench/results.svg. */
export async function writeResults(all: Measured[], output: string): Promise<void> {
  const header = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see the Benchmark section of the README for what each scenario measures).',
    '',
  ].join('\n');
  await writeFile(new URL('./results.md', import.meta.url), `${header}\n${output}`);
  await writeFile(new URL('./results.svg', import.meta.url), chart(all, output.split('\n')[0] ?? ''));
}
