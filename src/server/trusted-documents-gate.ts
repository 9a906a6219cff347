/**
 * Trusted documents at the HTTP door, before Apollo sees a request (only when manifests are
 * configured):
 * - an operation sent by id, as GraphQL-over-HTTP's `documentId` or Apollo's
 *   `extensions.persistedQuery.sha256Hash`, becomes the manifest's document; an unknown id is answered
 *   as Apollo Server and Apollo Router answer it (status 200, message `PersistedQueryNotFound`, code
 *   PERSISTED_QUERY_NOT_FOUND), which Apollo's clients and urql recognise and retry with the text;
 * - with the allow-list on (GRAPHQL_TRUSTED_DOCUMENTS_ONLY), an operation sent as text runs only when
 *   it is a manifest document, up to whitespace, commas and comments; anything else is
 *   TRUSTED_DOCUMENT_REQUIRED. Requests carrying the router's token (GRAPHQL_ROUTER_TOKEN) skip it: a
 *   router sends query plans of its own, never a client's document, and keeps its own safelist. With
 *   the allow-list off such operations run and are counted, so a rollout sees what it would refuse.
 * Every form Apollo executes passes here: a POST body (one operation or a batch) and a GET's query
 * string. In a batch each member is judged alone and answered at its own index, as Apollo answers
 * batches: the trusted members run, a refused one gets its error (BatchRefusals). With batching off
 * a batch is not judged at all: Apollo refuses it whole, running nothing, and its answer must not
 * depend on what the members hold. Apollo's automatic persisted queries are off (apollo.ts), so no
 * client can register a document under an id.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HTTPGraphQLRequest } from '@apollo/server';
import type { TrustedDocuments } from './trusted-documents.js';
import { canonicalDocument } from './trusted-documents-manifest.js';

/** The header a router sends its token in (the name Apollo's subgraph-security guide uses). */
export const ROUTER_TOKEN_HEADER = 'subgraph-token';

export type TrustedDocumentRefusalReason = 'unknown_id' | 'untrusted_text' | 'id_mismatch';

export interface TrustedDocumentRefusal {
  reason: TrustedDocumentRefusalReason;
  code: 'PERSISTED_QUERY_NOT_FOUND' | 'TRUSTED_DOCUMENT_REQUIRED' | 'BAD_REQUEST';
  message: string;
  /** The HTTP status of an answer holding this refusal. */
  status: number;
}

export interface TrustedDocumentPolicy {
  documents: TrustedDocuments;
  /** Refuse every operation that is not a trusted document. */
  only: boolean;
  /** Requests with this token in `subgraph-token` come from the router and skip the allow-list. */
  routerToken: string | undefined;
  /** Whether Apollo runs batches (GRAPHQL_BATCHING); when it does not, it refuses them itself. */
  batching: boolean;
}

const REFUSALS: Record<TrustedDocumentRefusalReason, TrustedDocumentRefusal> = {
  // Apollo Server's and Apollo Router's answer, word for word: Apollo Kotlin and urql's
  // persistedExchange match the message alone, and Apollo Kotlin takes a non-2xx answer in
  // application/json for a transport failure, so either difference stops them from sending the text.
  unknown_id: {
    reason: 'unknown_id',
    code: 'PERSISTED_QUERY_NOT_FOUND',
    message: 'PersistedQueryNotFound',
    status: 200,
  },
  untrusted_text: {
    reason: 'untrusted_text',
    code: 'TRUSTED_DOCUMENT_REQUIRED',
    message: "Only trusted documents run here: send the id of a document from the app's manifest",
    status: 400,
  },
  id_mismatch: {
    reason: 'id_mismatch',
    code: 'BAD_REQUEST',
    message: 'The query is not the document its id names',
    status: 400,
  },
};

/**
 * `untrusted`: operations sent as text that are in no manifest, passed on (the allow-list is off).
 * `refusedMembers`: a batch's members refused here; the request holds the others.
 */
type Gated =
  | { request: HTTPGraphQLRequest; untrusted: number; refusedMembers?: BatchRefusals }
  | { refusal: TrustedDocumentRefusal };
type Piece = Record<string, unknown>;
type GatedPiece = { piece: Piece; untrusted: boolean } | { refusal: TrustedDocumentRefusal };
/** enforce: the allow-list; audit: count what it would refuse; router: the router's own plans. */
type Mode = 'enforce' | 'audit' | 'router';

export function gateTrustedDocuments(request: HTTPGraphQLRequest, policy: TrustedDocumentPolicy): Gated {
  const fromRouter =
    policy.routerToken !== undefined &&
    sameSecret(request.headers.get(ROUTER_TOKEN_HEADER), policy.routerToken);
  const mode: Mode = fromRouter ? 'router' : policy.only ? 'enforce' : 'audit';
  if (request.method === 'POST') {
    const { body } = request;
    if (Array.isArray(body)) {
      // Judged here, a batch of refused members would get their refusals (a batch of unknown ids 200
      // and PersistedQueryNotFound each, telling a client to retry with the texts) where any other
      // batch gets Apollo's 400 "Operation batching disabled.".
      if (!policy.batching) return { request, untrusted: 0 };
      const pieces: unknown[] = [];
      const refused = new Map<number, TrustedDocumentRefusal>();
      let untrusted = 0;
      body.forEach((piece: unknown, i) => {
        // Apollo refuses a member that is not an object without running anything.
        const gated = isPiece(piece) ? gatePiece(piece, policy.documents, mode) : { piece, untrusted: false };
        if ('refusal' in gated) refused.set(i, gated.refusal);
        else {
          pieces.push(gated.piece);
          if (gated.untrusted) untrusted++;
        }
      });
      return {
        request: { ...request, body: pieces },
        untrusted,
        ...(refused.size > 0 ? { refusedMembers: new BatchRefusals(refused, body.length) } : {}),
      };
    }
    if (!isPiece(body)) return { request, untrusted: 0 };
    const gated = gatePiece(body, policy.documents, mode);
    if ('refusal' in gated) return gated;
    return { request: { ...request, body: gated.piece }, untrusted: gated.untrusted ? 1 : 0 };
  }
  if (request.method === 'GET') return gateSearch(request, policy.documents, mode);
  // Apollo answers any other method with 405 without running anything.
  return { request, untrusted: 0 };
}

function gatePiece(piece: Piece, documents: TrustedDocuments, mode: Mode): GatedPiece {
  const { documentId, extensions, ...rest } = piece;
  const { persistedQuery, ...otherExtensions } = isPiece(extensions) ? extensions : {};
  const hash = isPiece(persistedQuery) ? persistedQuery.sha256Hash : undefined;
  const id = typeof documentId === 'string' ? documentId : typeof hash === 'string' ? hash : undefined;
  const text = typeof rest.query === 'string' && rest.query !== '' ? rest.query : undefined;
  // Apollo's persisted-query extension is spent here: passed on, Apollo would answer
  // PERSISTED_QUERY_NOT_SUPPORTED and Apollo Client would stop sending ids altogether.
  const kept = isPiece(extensions) ? { extensions: otherExtensions } : {};

  if (id !== undefined) {
    const document = documents.find(id);
    if (document) {
      // Lexed no further than the document's own length: more tokens cannot be the same document.
      if (
        text !== undefined &&
        text !== document.body &&
        canonicalDocument(text, document.tokens) !== document.canonical
      )
        return { refusal: REFUSALS.id_mismatch };
      return { piece: { ...rest, ...kept, query: document.body }, untrusted: false };
    }
    // An unknown id beside the full text (Apollo Client's retry): the text decides, as if sent alone.
    if (text === undefined) return { refusal: REFUSALS.unknown_id };
  }
  if (mode === 'router') return { piece: { ...rest, ...kept }, untrusted: false };
  const trusted = text !== undefined && documents.includes(text);
  if (mode === 'enforce' && !trusted) return { refusal: REFUSALS.untrusted_text };
  // Without a document Apollo refuses the request: nothing ran that the allow-list would stop.
  return { piece: { ...rest, ...kept }, untrusted: text !== undefined && !trusted };
}

function gateSearch(request: HTTPGraphQLRequest, documents: TrustedDocuments, mode: Mode): Gated {
  const params = new URLSearchParams(request.search);
  const piece: Piece = {};
  for (const name of ['query', 'documentId'] as const) {
    const value = params.get(name);
    if (value !== null) piece[name] = value;
  }
  const extensions = params.get('extensions');
  if (extensions !== null) piece.extensions = parseJson(extensions);
  const gated = gatePiece(piece, documents, mode);
  if ('refusal' in gated) return gated;
  const { query, extensions: keptExtensions } = gated.piece;
  params.delete('documentId');
  if (typeof query === 'string') params.set('query', query);
  // Left as sent when it is not JSON: Apollo refuses it with its own message.
  if (isPiece(keptExtensions)) {
    if (Object.keys(keptExtensions).length > 0) params.set('extensions', JSON.stringify(keptExtensions));
    else params.delete('extensions');
  }
  return { request: { ...request, search: `?${params}` }, untrusted: gated.untrusted ? 1 : 0 };
}

/**
 * The members of a batch refused at the door, answered where Apollo would answer them: at their own
 * index in the batch's array, the others holding Apollo's answers to the members that ran. The status
 * is a refusal's 400 when one has it, else Apollo's, as Apollo sets one status for a whole batch.
 */
export class BatchRefusals {
  constructor(
    readonly members: ReadonlyMap<number, TrustedDocumentRefusal>,
    private readonly size: number,
  ) {}

  /** Whether no member is left for Apollo to run. */
  get all(): boolean {
    return this.members.size === this.size;
  }

  /**
   * The batch's answer from Apollo's answer to the members that ran (undefined: none did); Apollo's
   * own when it refused the batch as a whole (batching off, a member that is no operation).
   */
  answer(ran?: { status: number | undefined; body: string }): { status: number; body: string } {
    const answers: unknown = ran ? JSON.parse(ran.body) : [];
    if (!Array.isArray(answers)) return { status: ran?.status ?? 200, body: ran?.body ?? '' };
    const merged: unknown[] = [];
    let status = ran?.status ?? 200;
    let next = 0;
    for (let i = 0; i < this.size; i++) {
      const refusal = this.members.get(i);
      if (!refusal) merged.push(answers[next++]);
      else {
        merged.push({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
        if (refusal.status >= 400) status = refusal.status;
      }
    }
    return { status, body: JSON.stringify(merged) };
  }
}

/** Compares digests, so neither the token's length nor a common prefix shows in the timing. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function isPiece(value: unknown): value is Piece {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
