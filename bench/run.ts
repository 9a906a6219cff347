/**
 * `npm run bench`: the GraphQL layer side by side with direct REST calls to the account service, a
 * node:http floor, GraphQL Mesh and a hand-written Apollo BFF (and another commit's layer with
 * --baseline).
 *
 * Child processes (processes.ts) serve; this process is the load generator. Each scenario
 * (scenarios.ts) alternates its targets in short rounds (measure.ts); the table (report.ts) is
 * printed, and a full run writes it to bench/results.md with the comparison tables, draws
 * bench/results.svg and fills the README's result blocks. Options: options.ts.
 */
import type { SystemKind } from './chart.js';
import type { Child } from './ipc.js';
import { type Measured, measure } from './measure.js';
import { parseOptions, USAGE } from './options.js';
import { startProcesses } from './processes.js';
import { readmeBlocks, resultsText, updateReadme, writeResults } from './report.js';
import { signInAdmin } from './requests.js';
import { checkSameAnswers, defineScenarios, type Endpoints, SCENARIO_IDS } from './scenarios.js';

const options = (() => {
  try {
    const parsed = parseOptions();
    const unknown = parsed.only?.filter((id) => !(SCENARIO_IDS as readonly string[]).includes(id)) ?? [];
    if (unknown.length > 0) {
      throw new Error(`--only: no scenario ${unknown.join(', ')} (scenarios: ${SCENARIO_IDS.join(', ')})`);
    }
    return parsed;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exit(2);
  }
})();
const processes = await startProcesses(options);
const results: Measured[] = [];
const started = Date.now();
try {
  const layer = async (child: Child) => {
    const url = String(child.ready.url);
    return { url, adminToken: await signInAdmin(url) };
  };
  const endpoints: Endpoints = {
    upstreamUrl: processes.upstreamUrl,
    benchUserIds: processes.benchUserIds,
    graphql: await layer(processes.graphql),
    baseline: processes.baseline ? await layer(processes.baseline) : undefined,
    floorUrl: String(processes.floor.ready.url),
    meshUrl: String(processes.mesh.ready.url),
    bffUrl: String(processes.bff.ready.url),
  };
  await checkSameAnswers(endpoints);
  const scenarios = defineScenarios(endpoints);
  const ctx = {
    ...options,
    account: processes.account,
    peakRss: async (kind: SystemKind) =>
      (await processes.serverOf(kind)?.request<{ peakRss: number }>('memory'))?.peakRss,
  };
  for (const scenario of scenarios) {
    if (options.only && !options.only.includes(scenario.id)) continue;
    for (const delay of options.delays) {
      for (const connections of options.connections ?? scenario.connections) {
        process.stderr.write(`scenario ${scenario.id}, ${delay} ms delay, ${connections} connections\n`);
        results.push(...(await measure(scenario, delay, connections, ctx)));
      }
    }
  }
} finally {
  await processes.stopAll();
}

const output = resultsText(results, { started, rounds: options.rounds, seconds: options.seconds });
process.stdout.write(`\n${output}`);

const failed = results.filter((r) => r.failures > 0 || r.ops === 0);
for (const r of failed) {
  process.stderr.write(`FAILED: ${r.target.name} (${r.failures} failures, ${r.ops} successes)\n`);
}
if (!options.smoke && !options.partial) {
  await writeResults(results, output);
  const missing = await updateReadme(readmeBlocks(results, output));
  process.stderr.write("written to bench/results.md, bench/results.svg and the README's result blocks\n");
  if (missing.length > 0) process.stderr.write(`README: no block ${missing.join(', ')} to fill\n`);
}
process.exit(failed.length > 0 ? 1 : 0);
