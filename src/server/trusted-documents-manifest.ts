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
import { Kind, Lexer, parse, Source, TokenKind } from 'graphql';
import { z } from 'zod';

/** One trusted document, with the canonical form full-text requests are compared by. */
export interface TrustedDocument {
  id: string;
  /** documentKey(id). */
  key: string;
  body: string;
  /** The body without insignificant whitespace, commas and comments. */
  canonical: string;
  /** Lexical tokens of the body: a text with more cannot be this document. */
  tokens: number;
  /** Names of its operations (metrics label operations by these alone). */
  operations: string[];
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

/** Tokens that need a space between them when they follow one another; the rest are punctuators. */
const WORD_TOKENS: ReadonlySet<TokenKind> = new Set([
  TokenKind.NAME,
  TokenKind.INT,
  TokenKind.FLOAT,
  TokenKind.STRING,
  TokenKind.BLOCK_STRING,
]);

/**
 * The form two texts of one document share whatever their spacing, commas and comments (graphql's
 * stripIgnoredCharacters, with a block string written as the string it stands for), and its token
 * count; undefined when the text is not GraphQL or has more than `maxTokens` tokens. Lexing stops
 * there, so a long text costs no more than the parser's own token limit would let it.
 */
export function canonicalForm(
  text: string,
  maxTokens = Number.POSITIVE_INFINITY,
): { canonical: string; tokens: number } | undefined {
  try {
    const lexer = new Lexer(new Source(text));
    // Joined once at the end: a flat string, where `+=` would leave a rope that every Set lookup
    // flattens again.
    const parts: string[] = [];
    let tokens = 0;
    let afterWord = false;
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      if (++tokens > maxTokens) return undefined;
      const word = WORD_TOKENS.has(token.kind);
      // `a b` stays two names; `1 ...` must not become the number `1...`.
      if (afterWord && (word || token.kind === TokenKind.SPREAD)) parts.push(' ');
      parts.push(
        token.kind === TokenKind.BLOCK_STRING
          ? JSON.stringify(token.value)
          : text.slice(token.start, token.end),
      );
      afterWord = word;
    }
    return { canonical: parts.join(''), tokens };
  } catch {
    return undefined;
  }
}

/** canonicalForm's text alone. */
export function canonicalDocument(text: string, maxTokens?: number): string | undefined {
  return canonicalForm(text, maxTokens)?.canonical;
}

/** Parses a manifest's JSON text into its documents; a ManifestError says what is wrong, and where. */
export function parseManifest(text: string): TrustedDocument[] {
  return manifestEntries(text).map(([id, body]) => checkedDocument(id, body));
}

/**
 * A manifest's entries, id and body, once its JSON has the shape of one of the two formats; each body
 * is still to be checked with checkedDocument (the costly part, which a caller may spread out).
 */
export function manifestEntries(text: string): Array<[string, string]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ManifestError('not valid JSON');
  }
  const entries = entriesOf(json);
  if (entries.length === 0) throw new ManifestError('holds no documents');
  return entries;
}

/**
 * The entries of either format. The shapes are checked by hand first (zod takes tens of milliseconds
 * over tens of thousands of entries, all in one go); zod describes a manifest that fails the check.
 */
function entriesOf(json: unknown): Array<[string, string]> {
  if (typeof json === 'object' && json !== null && 'format' in json) {
    if (isApolloManifest(json)) return json.operations.map((operation) => [operation.id, operation.body]);
    const apollo = apolloManifest.safeParse(json);
    throw new ManifestError(
      `not an Apollo persisted query manifest: ${apollo.success ? 'unexpected shape' : firstIssue(apollo.error)}`,
    );
  }
  if (isCodegenManifest(json)) return Object.entries(json);
  const codegen = codegenManifest.safeParse(json);
  throw new ManifestError(
    `not a map of ids to documents: ${codegen.success ? 'unexpected shape' : firstIssue(codegen.error)}`,
  );
}

/** codegenManifest's rule. */
function isCodegenManifest(json: unknown): json is Record<string, string> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  for (const [id, body] of Object.entries(json)) if (!isId(id) || typeof body !== 'string') return false;
  return true;
}

/** apolloManifest's rule. */
function isApolloManifest(json: object): json is z.infer<typeof apolloManifest> {
  if (!('format' in json && 'version' in json && 'operations' in json)) return false;
  const { format, version, operations } = json;
  return (
    format === 'apollo-persisted-query-manifest' &&
    version === 1 &&
    Array.isArray(operations) &&
    operations.every(
      (operation: unknown) =>
        typeof operation === 'object' &&
        operation !== null &&
        'id' in operation &&
        'body' in operation &&
        isId(operation.id) &&
        typeof operation.body === 'string',
    )
  );
}

function isId(id: unknown): id is string {
  return typeof id === 'string' && id.length >= 1 && id.length <= 256;
}

/** One manifest entry as a trusted document: GraphQL, with an operation, under its own hash. */
export function checkedDocument(id: string, body: string): TrustedDocument {
  const where = `document ${JSON.stringify(id.slice(0, 80))}`;
  const operations: string[] = [];
  let operationCount = 0;
  try {
    for (const definition of parse(body).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      operationCount++;
      if (definition.name) operations.push(definition.name.value);
    }
  } catch (error) {
    throw new ManifestError(
      `${where} is not GraphQL: ${error instanceof Error ? error.message : 'parse error'}`,
    );
  }
  if (operationCount === 0) throw new ManifestError(`${where} holds no operation`);
  // A sha256 id states what it is the hash of: one that is not belongs to another document.
  const prefixed = SHA256_ID.exec(id);
  if (prefixed?.[1] && createHash('sha256').update(body).digest('hex') !== prefixed[1].toLowerCase()) {
    throw new ManifestError(`${where} is not the sha256 of its document`);
  }
  const form = canonicalForm(body);
  if (form === undefined) throw new ManifestError(`${where} is not GraphQL`);
  return { id, key: documentKey(id), body, canonical: form.canonical, tokens: form.tokens, operations };
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'the top level'}: ${issue.message}` : 'unexpected shape';
}
