/**
 * `npm run router-manifest`: the same trusted documents in Apollo's manifest format, for a router's
 * safelist, with the ids Apollo Client's link sends; this server reads that format too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument } from '../../client/generated/graphql.js';
import { documentHash } from '../../client/trusted-documents.js';
import { toApolloManifest } from '../../scripts/router-manifest.js';
import { parseManifest } from '../../src/server/trusted-documents-manifest.js';

const documents: Record<string, string> = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../client/generated/persisted-documents.json'), 'utf8'),
);

describe('router manifest', () => {
  const manifest = toApolloManifest(documents);

  it('lists every trusted document under the id Apollo Client sends, with its name and type', () => {
    expect(manifest).toMatchObject({ format: 'apollo-persisted-query-manifest', version: 1 });
    expect(manifest.operations).toHaveLength(Object.keys(documents).length);
    expect(manifest.operations).toContainEqual({
      id: documentHash(MeDocument),
      name: 'Me',
      type: 'query',
      body: documents[`sha256:${documentHash(MeDocument)}`],
    });
    expect(manifest.operations.find((o) => o.id === documentHash(LoginDocument))).toMatchObject({
      name: 'Login',
      type: 'mutation',
    });
  });

  it('is a manifest this server loads, with the same documents', () => {
    const loaded = parseManifest(JSON.stringify(manifest));
    expect(loaded.map((d) => d.body).sort()).toEqual(Object.values(documents).sort());
  });
});
