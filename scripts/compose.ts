/**
 * npm run compose: composes the subgraphs listed in supergraph.config.json into supergraph.graphql.
 * Options: --config <file> (default supergraph.config.json), --out <file> (default supergraph.graphql).
 * Exits 1 and writes nothing when the config is wrong, a subgraph is unreachable or composition fails.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { composeFromConfigFile, SupergraphConfigError } from './compose-supergraph.js';

const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'supergraph.config.json' },
    out: { type: 'string', default: 'supergraph.graphql' },
  },
});
const configPath = resolve(values.config);
const outPath = resolve(values.out);

try {
  const result = await composeFromConfigFile(configPath);
  if (!result.ok) {
    console.error(`composition failed with ${result.errors.length} error(s):`);
    for (const error of result.errors) console.error(`  - ${error.replaceAll('\n', '\n    ')}`);
    process.exit(1);
  }
  for (const hint of result.hints) console.warn(`hint: ${hint}`);
  writeFileSync(outPath, result.supergraphSdl);
  console.log(`wrote ${outPath}`);
} catch (error) {
  if (!(error instanceof SupergraphConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
