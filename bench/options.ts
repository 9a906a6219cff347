/**
 * The benchmark's command line (`npm run bench -- ...`). Unknown options are errors: a mistyped
 * `--conections=10` must not silently start an 11-minute full run.
 */
import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Every scenario once, briefly; checks every answer and writes nothing. */
  smoke: boolean;
  /** Scenario ids to run (`1`, `1+3`...); every scenario when absent. */
  only?: string[];
  /** Replaces every scenario's own connection counts. */
  connections?: number[];
  delays: number[];
  rounds: number;
  /** Seconds per target and round. */
  seconds: number;
  /** Profile the GraphQL process (bench/profiles/). */
  cpuProf: boolean;
  /** A checkout of another commit whose GraphQL layer runs as one more target. */
  baseline?: string;
  /** A partial run (--only, --connections, --delays, --rounds) is for exploring: it writes no results. */
  partial: boolean;
}

export const USAGE = `npm run bench -- [options]
  --smoke              every scenario once for about a second, at 10 connections and no delay; writes nothing
  --only=1,3,1+3       these scenarios only (writes nothing)
  --connections=10,100 these connection counts in every scenario (writes nothing)
  --delays=0,20        these upstream delays in ms (writes nothing)
  --rounds=N           N interleaved rounds (writes nothing)
  --cpu-prof           write a CPU profile of the GraphQL process to bench/profiles/
  --baseline=PATH      add the GraphQL layer of the checkout at PATH as the target "GraphQL (baseline)"`;

function numbers(name: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((v) => Number(v.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(`--${name}=${value}: expected whole numbers separated by commas`);
  }
  return list;
}

export function parseOptions(
  args: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): BenchOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      smoke: { type: 'boolean', default: false },
      only: { type: 'string' },
      connections: { type: 'string' },
      delays: { type: 'string' },
      rounds: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      baseline: { type: 'string' },
    },
  });
  const smoke = values.smoke || env.BENCH_SMOKE === '1';
  const only = values.only?.split(',').map((id) => id.trim());
  const connections = numbers('connections', values.connections);
  const delays = numbers('delays', values.delays);
  const rounds = numbers('rounds', values.rounds)?.[0];
  if (rounds === 0 || connections?.includes(0)) throw new Error('rounds and connections start at 1');
  const partial = [values.only, values.connections, values.delays, values.rounds].some(
    (v) => v !== undefined,
  );
  const common = { only, cpuProf: values['cpu-prof'], baseline: values.baseline, partial };
  return smoke
    ? { ...common, smoke, rounds: 1, seconds: 1, connections: [10], delays: [0] }
    : { ...common, smoke, rounds: rounds ?? 3, seconds: 2, connections, delays: delays ?? [0, 20] };
}
