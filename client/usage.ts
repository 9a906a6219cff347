/**
 * How a frontend uses the generated documents with Apollo Client 4, and compile-time checks that
 * the generated types reject wrong variables: `tsc --noEmit` (part of `npm test`) fails when an
 * `@ts-expect-error` line below stops being an error.
 *
 * No named hooks (`useMeQuery`) are generated or wrapped: Apollo Client 4's `useQuery` and
 * `useMutation` infer data and variables from a TypedDocumentNode, and a wrapper would flatten their
 * overloads (variables required or not, `skipToken`, `returnPartialData`, `errorPolicy`).
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import {
  LoginDocument,
  type LoginMutation,
  MeDocument,
  MyTaskDocument,
  RequestPhoneCodeDocument,
  SearchUsersDocument,
  type TaskType,
  UpdateProfileDocument,
  UserByIdDocument,
} from './generated/graphql.js';
import introspection from './generated/possible-types.js';
import { trustedDocumentsLink } from './trusted-documents.js';

/**
 * A client that sends the session token, when there is one, as `Authorization: Bearer <token>`, and
 * each operation by its trusted-document id.
 */
export function createClient(uri: string, getToken: () => string | null): ApolloClient {
  const auth = new SetContextLink((prevContext) => {
    const token = getToken();
    return token ? { headers: { ...prevContext.headers, authorization: `Bearer ${token}` } } : {};
  });
  return new ApolloClient({
    link: ApolloLink.from([auth, trustedDocumentsLink(), new HttpLink({ uri })]),
    // Without possibleTypes the cache cannot match `... on Error` and drops those fields.
    cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
  });
}

/** The signed-in user's trading accounts, as `{ id, label }` rows. */
export function useTradingAccountRows() {
  const { data, loading, error } = useQuery(MeDocument);
  const rows = (data?.me.tradingAccounts ?? []).map((account) => ({
    id: account.id,
    label: `${account.platform ?? '?'} ${account.id} (${account.type ?? 'unknown'})`,
  }));
  return { rows, loading, error };
}

/** A user by id, skipped until an id is known. */
export function useUser(id: string | null) {
  const { data } = useQuery(UserByIdDocument, id ? { variables: { id } } : skipToken);
  return data?.user ?? null;
}

export function useTask(type: TaskType) {
  const { data } = useQuery(MyTaskDocument, { variables: { type } });
  return data?.me.task?.state ?? null;
}

/** Signs in; resolves to the token, or to the message of the typed failure. */
export function useLogin() {
  const [login, { loading }] = useMutation(LoginDocument);
  const signIn = async (loginName: string, password: string) => {
    const { data } = await login({ variables: { input: { loginName, password } } });
    return describeLogin(data?.login);
  };
  return { signIn, loading };
}

/** The result union narrows on `__typename`: only a Session has a token. */
export function describeLogin(
  result: LoginMutation['login'] | undefined,
): { token: string } | { failure: string } {
  if (!result) return { failure: 'no answer' };
  switch (result.__typename) {
    case 'Session':
      return { token: result.token };
    case 'ValidationError':
      return { failure: result.fieldErrors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ') };
    default:
      return { failure: result.message };
  }
}

/** Compile-time checks only; never called. */
export function useTypeChecks(): void {
  // @ts-expect-error the id variable is an ID (string | number), not a boolean
  useQuery(UserByIdDocument, { variables: { id: true } });

  // @ts-expect-error UserById requires variables, so the options cannot be left out
  useQuery(UserByIdDocument);

  // @ts-expect-error the required `type` variable is missing
  useQuery(MyTaskDocument, { variables: {} });

  // @ts-expect-error SIGN_UP is not a PhoneCodePurpose
  useMutation(RequestPhoneCodeDocument)[0]({ variables: { input: { phone: '1', purpose: 'SIGN_UP' } } });

  // @ts-expect-error `first` is an Int, not a string
  useQuery(SearchUsersDocument, { variables: { search: { field: 'NAME', value: 'a' }, first: '10' } });

  // @ts-expect-error `nickname` is not a field of the profile update input
  useMutation(UpdateProfileDocument)[0]({ variables: { input: { nickname: 'x' } } });

  const { data } = useQuery(MeDocument);
  // @ts-expect-error Me does not select the profile
  void data?.me.profile;

  const answer = {} as LoginMutation['login'];
  // @ts-expect-error only the Session member of the union has a token
  void answer.token;
}
