/**
 * Trusted documents on the client: Apollo Client sends each generated document by the id codegen gave
 * it (`__meta__.hash`, the key of client/generated/persisted-documents.json) instead of its text.
 * A server without the manifest answers PERSISTED_QUERY_NOT_FOUND or _NOT_SUPPORTED and the link
 * sends the text instead; a server with the allow-list on runs nothing else.
 */
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import type { DocumentNode } from 'graphql';

/** The id of a generated document, as Apollo's persisted-query extension carries it (hex, no prefix). */
export function documentHash(document: DocumentNode): string {
  const meta = '__meta__' in document ? document.__meta__ : undefined;
  const hash = typeof meta === 'object' && meta !== null && 'hash' in meta ? meta.hash : undefined;
  // Hand-written documents have no id: they cannot be trusted documents, and should not be sent.
  if (typeof hash !== 'string') throw new Error('Not a generated document: it has no trusted-document id');
  return hash.replace(/^sha256:/, '');
}

/** Put it before the HttpLink: `ApolloLink.from([auth, trustedDocumentsLink(), new HttpLink(...)])`. */
export function trustedDocumentsLink(): PersistedQueryLink {
  return new PersistedQueryLink({ generateHash: documentHash });
}
