/**
 * npm run router-manifest: the trusted-documents manifest (client/generated/persisted-documents.json)
 * in Apollo's persisted query manifest format, for a router's safelist (Apollo Router:
 * persisted_queries.local_manifests). Ids are the bare sha256 hex that Apollo Client's persisted-query
 * link sends. Options: --in <file>, --out <file> (default: standard output).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getOperationAST, parse } from 'graphql';

export interface ApolloManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: Array<{ id: string; name: string; type: string; body: string }>;
}

/** From `{ "sha256:<hex>": "<document>" }` (the client preset's form). */
export function toApolloManifest(documents: Record<string, string>): ApolloManifest {
  const operations = Object.entries(documents).map(([id, body]) => {
    const operation = getOperationAST(parse(body));
    if (!operation?.name) throw new Error(`${id}: not one named operation`);
    return { id: id.replace(/^sha256:/, ''), name: operation.name.value, type: operation.operation, body };
  });
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      in: { type: 'string', default: 'client/generated/persisted-documents.json' },
      out: { type: 'string' },
    },
  });
  const documents: Record<string, string> = JSON.parse(readFileSync(resolve(values.in), 'utf8'));
  const manifest = `${JSON.stringify(toApolloManifest(documents), null, 2)}\n`;
  if (values.out) writeFileSync(resolve(values.out), manifest);
  else process.stdout.write(manifest);
}
