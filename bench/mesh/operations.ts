/**
 * The operations a client of the Mesh gateway sends for the benchmark scenarios, against the schema
 * Mesh generates from the OpenAPI document (names as generated: `getUserDetail`, `LoginDTO_Input`...).
 * Also what Mesh cannot express in one operation, and why, for the benchmark's table.
 */

/** Scenario 1: GET /v1/api/user/{userId}/detail as the generated query; the same fields as the layer's. */
export const MESH_USER_DETAIL = `query UserDetail($userId: String!) {
  getUserDetail(userId: $userId) {
    __typename
    ... on GetUserDetailSuccess {
      data {
        username
        accounts {
          accountId accountName accountType balance currency leverage platformName serverName
          accountGroup accountGroupName status
        }
      }
    }
  }
}`;

/**
 * Scenario 2, first request: the generated search query. Its hits carry trading account ids only
 * (contract 2.7); the accounts themselves need each user's detail.
 */
export const MESH_SEARCH = `query Search($value: queryInput_searchUsers_value!) {
  searchUsers(type: UserName, value: $value, page: 1, size: 20) {
    __typename
    ... on SearchUsersSuccess { data { total list { pubUserId realName } } }
  }
}`;

/**
 * Scenario 2, second request: the found users' details in one query, one alias per user. The client
 * writes this join; one query for both steps would need custom resolvers in the gateway.
 */
export function meshDetailsQuery(userIds: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const variables: Record<string, string> = {};
  const fields = userIds.map((id, i) => {
    variables[`u${i}`] = id;
    return `u${i}: getUserDetail(userId: $u${i}) { ... on GetUserDetailSuccess { data { username accounts { accountId } } } }`;
  });
  const params = userIds.map((_, i) => `$u${i}: String!`).join(', ');
  return { query: `query Details(${params}) {\n  ${fields.join('\n  ')}\n}`, variables };
}

/** Scenario 4: POST /v1/api/user/login as the generated mutation. */
export const MESH_LOGIN = `mutation Login($input: LoginDTO_Input) {
  login(input: $input) {
    __typename
    ... on LoginSuccess { data { userId phone language lastLoginTime } }
  }
}`;

/** Table cells for what the generated schema cannot do in one operation. */
export const MESH_NOT_EXPRESSIBLE = {
  searchInOneQuery:
    'needs custom resolvers: search hits hold account ids only, and joining them to details takes @resolveTo or hand-written resolvers',
  entities: 'no federation entities: the generated schema has no @key types and no _entities',
  sessions: 'no sessions: the gateway holds the tenant API key, so any caller may read any user',
} as const;
