/**
 * Apollo Client for this app: the session token as `Authorization: Bearer`, every operation sent as
 * its trusted-document id (the server may run nothing else), and a cache that knows the schema's
 * unions and interfaces, so `... on Error` and `... on ValidationError` land in it.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import introspection from '../../../client/generated/possible-types.js';
import { trustedDocumentsLink } from '../../../client/trusted-documents.js';
import { errorCodes } from './errors';
import { session } from './session';

export function createApolloClient(uri = '/graphql'): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const token = session.token();
    return token ? { headers: { ...previous.headers, authorization: `Bearer ${token}` } } : {};
  });
  // A session the server no longer honours (signed out elsewhere, password changed, expired) is over
  // here too: back to the sign-in form.
  const endedSession = new ErrorLink(({ error }) => {
    if (errorCodes(error).includes('UNAUTHENTICATED')) session.end();
  });
  return new ApolloClient({
    link: ApolloLink.from([endedSession, auth, trustedDocumentsLink(), new HttpLink({ uri })]),
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
}
