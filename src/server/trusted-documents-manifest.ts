/**
 * A trusted-documents manifest: the operations a frontend was built with, by id. Two formats are
 * read, so a team can ship whichever its tooling writes:
 * - the GraphQL Code Generator client preset's `persisted-documents.json`: `{ "<id>": "<document>" }`,
 *   ids `sha256:<hex>` (the GraphQL-over-HTTP persisted documents form);
 * - Apollo's persisted query manifest (`@apollo/generate-persisted-query-manifest`, Apollo Router's
 *   local manifests): `{ format: "apollo-persisted-query-manifest", version: 1, operations: [{ id, body }] }`.
 * Pure: the caller reads the file and decides what a failure means.
 */
import { createHash } from 'node:crypto';
import { Kind, parse, stripIgnoredCharacters } from 'graphql';
import { z } from 'zod';

/** One trusted document, with the canonical form full-text requests are compared by. */
export interface TrustedDocument {
  id: string;
  body: string;
  /** The body without insignificant whitespace, commas and comments. */
  canonical: string;
}

const SHA256_ID = /^sha256:([0-9a-f]{64})$/i;
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

const codegenManifest = z.record(z.string().min(1).max(256), z.string());
const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.looseObject({ id: z.string().min(1).max(256), body: z.string() })),
});

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/**
 * The key a document is found by: a `sha256:<hex>` id and the bare hex (what Apollo's
 * `extensions.persistedQuery.sha256Hash` carries) are the same key; any other id is its own.
 */
export function documentKey(id: string): string {
  const prefixed = SHA256_ID.exec(id);
  if (prefixed?.[1]) return prefixed[1].toLowerCase();
  return HEX_SHA256.test(id) ? id.toLowerCase() : id;
}

/** The form two texts of one document share whatever their spacing, commas and comments. */
export function canonicalDocument(text: string): string | undefined {
  try {
    return stripIgnoredCharacters(text);
  } catch {
    return undefined;
  }
}

/** Parses a manifest's JSON text into its documents; a ManifestError says what is wrong, and where. */
export function parseManifest(text: string): TrustedDocument[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError('not valid JSON');
  }
  const entries = entriesOf(json);
  if (entries.length === 0) throw new ManifestError('holds no documents');
  return entries.map(([id, body]) => checkedDocument(id, body));
}

function entriesOf(json: unknown): Array<[string, string]> {
  if (typeof json === 'object' && json !== null && 'format' in json) {
    const apollo = apolloManifest.safeParse(json);
    if (!apollo.success)
      throw new ManifestError(`not an Apollo persisted query manifest: ${firstIssue(apollo.error)}`);
    return apollo.data.operations.map((operation) => [operation.id, operation.body]);
  }
  const codegen = codegenManifest.safeParse(json);
  if (!codegen.success)
    throw new ManifestError(`not a map of ids to documents: ${firstIssue(codegen.error)}`);
  return Object.entries(codegen.data);
}

function checkedDocument(id: string, body: string): TrustedDocument {
  const where = `document ${JSON.stringify(id.slice(0, 80))}`;
  let operations = 0;
  try {
    operations = parse(body).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
  } catch (error) {
    throw new ManifestError(
      `${where} is not GraphQL: ${error instanceof Error ? error.message : 'parse error'}`,
    );
  }
  if (operations === 0) throw new ManifestError(`${where} holds no operation`);
  // A sha256 id states what it is the hash of: one that is not belongs to another document.
  const prefixed = SHA256_ID.exec(id);
  if (prefixed?.[1] && createHash('sha256').update(body).digest('hex') !== prefixed[1].toLowerCase()) {
    throw new ManifestError(`${where} is not the sha256 of its document`);
  }
  const canonical = canonicalDocument(body);
  if (canonical === undefined) throw new ManifestError(`${where} is not GraphQL`);
  return { id, body, canonical };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the top level'}: ${issue.message}` : 'unexpected shape';
}
