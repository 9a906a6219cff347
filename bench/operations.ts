/**
 * The layer's operation documents the benchmark sends (the Apollo BFF answers them as written), apart
 * from any package: the tests import them without bench/node_modules.
 */

export const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { __typename ... on Session { token user { id } } }
}`;
export const USER = `query User($id: ID!) {
  user(id: $id) {
    id name
    tradingAccounts { id name type balance currency leverage platform server group { id name } active }
  }
}`;
export const SEARCH = `query Search($value: String!) {
  users(search: { field: NAME, value: $value }, first: 20) { nodes { id name tradingAccounts { id } } }
}`;
export const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id name tradingAccounts { id } } }
}`;

/** Representations of `_entities` for these users. */
export const userRepresentations = (ids: readonly string[]) => ({
  representations: ids.map((id) => ({ __typename: 'User', id })),
});
