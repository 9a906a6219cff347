/**
 * npm run codegen: typed documents for the client operations, from the committed subgraph schema.
 *
 * The client preset emits one TypedDocumentNode per operation (`MeDocument`, `LoginDocument`, ...),
 * which Apollo Client 4's `useQuery` / `useMutation` read their data and variables types from; no
 * per-operation hooks are generated (the hooks plugin targets Apollo Client 3). possible-types.ts
 * feeds InMemoryCache. persisted-documents.json is the trusted-documents manifest: every operation by
 * its sha256 id, which each document carries as `__meta__.hash` for Apollo's persisted-query link and
 * the server loads with GRAPHQL_TRUSTED_DOCUMENTS. test/client checks that client/generated matches
 * a fresh run of this config.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/operations/**/*.graphql'],
  // A document the schema rejects fails the run instead of being skipped.
  ignoreNoDocuments: false,
  generates: {
    'client/generated/': {
      preset: 'client',
      presetConfig: {
        // Off: operation result types carry their fragments' fields directly, and no `useFragment`
        // unmasking helper is generated. Matches Apollo Client 4's default (`dataMasking: false`).
        fragmentMasking: false,
        // persisted-documents.json, ids `sha256:<hex>` of each document as written there; the
        // documents keep their definitions (a client needs them for its cache) and gain the id.
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' },
      },
      // `__typename` in every selection set of the emitted documents, so the result types below
      // (which require it) hold for any transport, not only for Apollo Client, which adds it itself.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        // NodeNext ESM: relative imports between the generated files need the extension.
        importExtension: '.js',
        useTypeImports: true,
        // DocumentNode objects with their fragments inlined, which Apollo Client reads (the preset's
        // default: 'documentNode' would skip the ids of persistedDocuments and leave the manifest empty).
        documentMode: 'documentNodeImportFragments',
        enumType: 'string-literal',
        strictScalars: true,
        defaultScalarType: 'unknown',
        scalars: {
          DateTime: 'string',
          JSONObject: 'Record<string, unknown>',
        },
        nonOptionalTypename: true,
        // Result fields are always present (possibly null); optional variables may be left out.
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
    // InMemoryCache({ possibleTypes }) needs the members of every union and interface to match
    // fragments on them (`... on Error`); without it the cache drops the fields of such fragments.
    'client/generated/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, deterministic: true },
    },
  },
};

export default config;
