/**
 * Measuring one scenario at one setting (upstream delay, connections): warm-up and calibration that
 * are not counted, then rounds that alternate the targets, so a ratio compares numbers taken seconds
 * apart on a noisy machine. Upstream calls and new upstream connections are counted at the account
 * service around each target's round.
 */
import type { SystemKind } from './chart.js';
import type { Child } from './ipc.js';
import type { LoopResult } from './load.js';
import type { Row, Scenario, Target } from './scenarios.js';

export interface Measured {
  scenario: Scenario;
  delay: number;
  /** The setting's; a row may run on its own count (`target.connections`). */
  connections: number;
  target: Row;
  ops: number;
  seconds: number;
  failures: number;
  /** Each round's, in ms. */
  p50s: number[];
  p99s: number[];
  /** NaN where the counters also counted a load beside the row's. */
  upstreamCalls: number;
  upstreamConnections: number;
  /** Of the target's server process, when it is one of the GraphQL servers; NaN otherwise. */
  peakRssMb: number;
}

export interface MeasureContext {
  rounds: number;
  seconds: number;
  smoke: boolean;
  /** The account service: counters and added latency. */
  account: Child;
  /** The peak RSS so far of the server process of a kind of target, if it is measured. */
  peakRss(kind: SystemKind): Promise<number | undefined>;
}

interface Counters {
  total: number;
  connections: number;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Operations per second over all rounds. */
export const rate = (m: Measured) => m.ops / m.seconds;

/**
 * A target's first use in the run starts with WARM_UP_SECONDS of load, not counted: the JIT needs a
 * few thousand requests to settle, and a short calibration left the GraphQL and Mesh processes (much
 * more code per request than a REST call) measured half-cold, at up to twice their warm CPU cost.
 */
const WARM_UP_SECONDS = 5;
const warmed = new Set<Target>();

async function warmUp(target: Target, connections: number): Promise<void> {
  if (target.calibrate === 0) {
    await target.run(connections, 0, WARM_UP_SECONDS);
    return;
  }
  const started = performance.now();
  while (performance.now() - started < WARM_UP_SECONDS * 1000) {
    await target.run(connections, connections * 50, 0);
  }
}

function add(row: Measured, result: LoopResult): void {
  row.ops += result.ops;
  row.seconds += result.seconds;
  row.failures += result.failures;
  row.p50s.push(result.p50);
  row.p99s.push(result.p99);
  if (result.firstError) process.stderr.write(`  ${row.target.name}: ${result.firstError}\n`);
}

export async function measure(
  scenario: Scenario,
  delay: number,
  connections: number,
  ctx: MeasureContext,
): Promise<Measured[]> {
  await ctx.account.request('delay', { ms: delay });
  const rows = new Map<Row, Measured>();
  const newRow = (target: Row, counted: boolean): Measured => {
    const row: Measured = {
      scenario,
      delay,
      connections,
      target,
      ops: 0,
      seconds: 0,
      failures: 0,
      p50s: [],
      p99s: [],
      upstreamCalls: counted ? 0 : Number.NaN,
      upstreamConnections: counted ? 0 : Number.NaN,
      peakRssMb: Number.NaN,
    };
    rows.set(target, row);
    return row;
  };
  // Calibration (not counted): warms the processes and sizes the autocannon rounds.
  const amounts = new Map<Target, number>();
  for (const target of scenario.targets) {
    if (!ctx.smoke && !warmed.has(target)) {
      await warmUp(target, connections);
      warmed.add(target);
    }
    const row = newRow(target, !target.background);
    if (target.background) newRow(target.background, false);
    if (target.calibrate > 0) {
      const warm = await target.run(connections, connections * (ctx.smoke ? 1 : target.calibrate), 0);
      row.failures += warm.failures;
      amounts.set(target, Math.ceil((warm.ops / warm.seconds) * ctx.seconds));
    } else if (!ctx.smoke) {
      await target.run(connections, 0, 0.5);
    }
  }
  for (let round = 0; round < ctx.rounds; round++) {
    // Alternate the order too, so neither side always runs right after the other.
    const order = round % 2 === 0 ? scenario.targets : [...scenario.targets].reverse();
    for (const target of order) {
      const before = await ctx.account.request<Counters>('counters');
      const result = await target.run(connections, amounts.get(target) ?? 0, ctx.seconds);
      const after = await ctx.account.request<Counters>('counters');
      const row = rows.get(target);
      if (!row) continue;
      add(row, result);
      row.upstreamCalls += after.total - before.total;
      row.upstreamConnections += after.connections - before.connections;
      const background = target.background && rows.get(target.background);
      if (background && result.background) add(background, result.background);
    }
  }
  const peaks = new Map<SystemKind, number | undefined>();
  for (const row of rows.values()) {
    const { kind } = row.target;
    if (!peaks.has(kind)) peaks.set(kind, await ctx.peakRss(kind));
    const peak = peaks.get(kind);
    row.peakRssMb = peak === undefined ? Number.NaN : peak / 1024 / 1024;
  }
  return [...rows.values()];
}
