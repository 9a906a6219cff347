/**
 * What the load generator sends: request specs for GraphQL (the documents in operations.ts) and REST,
 * and the clients of the operations that take several calls (a REST client's search and details,
 * Mesh's two requests).
 */
import http from 'node:http';
import { DEMO_USERS, DEV_TENANT } from '../src/account-service/index.js';
import { type HttpRequestSpec, send } from './load.js';
import { MESH_SEARCH, meshDetailsQuery } from './mesh/operations.js';
import { LOGIN } from './operations.js';

export const REST_HEADERS = {
  accept: 'application/json',
  'x-api-tenantid': DEV_TENANT.id,
  'x-api-token': DEV_TENANT.apiKey,
};
export const restOk = (body: string) => body.startsWith('{"result":true');
export const graphqlOk = (body: string) => body.startsWith('{"data":') && !body.includes('"errors":');

/** The search of scenario 2: 20 of the 60 seeded "Bench User" users. */
export const SEARCH_VALUE = 'Bench User';
export const SEARCH_PATH = `/v1/api/user/list?type=UserName&value=${encodeURIComponent(SEARCH_VALUE)}&page=1&size=20`;
export const LOGIN_INPUT = { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password };

export function graphqlSpec(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): HttpRequestSpec {
  return {
    url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    ok: graphqlOk,
  };
}

export const detailPath = (id: string) => `/v1/api/user/${encodeURIComponent(id)}/detail`;

export const restGet = (upstreamUrl: string, path: string): HttpRequestSpec => ({
  url: `${upstreamUrl}${path}`,
  method: 'GET',
  headers: REST_HEADERS,
  ok: restOk,
});

export const restLogin = (upstreamUrl: string): HttpRequestSpec => ({
  url: `${upstreamUrl}/v1/api/user/login`,
  method: 'POST',
  headers: { ...REST_HEADERS, 'content-type': 'application/json' },
  body: JSON.stringify(LOGIN_INPUT),
  ok: restOk,
});

/** Signs the demo admin in at a GraphQL layer; answers the session token. */
export async function signInAdmin(graphqlUrl: string): Promise<string> {
  const agent = new http.Agent();
  const input = { loginName: DEMO_USERS.admin.email, password: DEMO_USERS.admin.password };
  const answer = JSON.parse(await send(agent, graphqlSpec(graphqlUrl, LOGIN, { input }))) as {
    data: { login: { __typename: string; token?: string } };
  };
  agent.destroy();
  const { token, __typename } = answer.data.login;
  if (!token) throw new Error(`admin login at ${graphqlUrl} failed: ${__typename}`);
  return token;
}

/** The REST client of scenario 2: a search, then each found user's detail. */
export async function restSearch(agent: http.Agent, upstreamUrl: string, parallel: boolean): Promise<void> {
  const body = await send(agent, restGet(upstreamUrl, SEARCH_PATH));
  const ids = (JSON.parse(body) as { data: { list: Array<{ pubUserId: string }> } }).data.list.map(
    (u) => u.pubUserId,
  );
  if (ids.length !== 20) throw new Error(`search found ${ids.length} users, not 20`);
  if (parallel) await Promise.all(ids.map((id) => send(agent, restGet(upstreamUrl, detailPath(id)))));
  else for (const id of ids) await send(agent, restGet(upstreamUrl, detailPath(id)));
}

/** Mesh holds the tenant key itself and has no sessions: its requests carry no credentials. */
export const meshSpec = (meshUrl: string, query: string, variables: Record<string, unknown>) =>
  graphqlSpec(meshUrl, query, variables);

/** The Mesh client of scenario 2: the generated search, then the found users' details in one aliased query. */
export function meshSearchClient(meshUrl: string): (agent: http.Agent) => Promise<void> {
  const searchSpec = meshSpec(meshUrl, MESH_SEARCH, { value: SEARCH_VALUE });
  return async (agent) => {
    const body = await send(agent, searchSpec);
    const ids = (
      JSON.parse(body) as { data: { searchUsers: { data: { list: Array<{ pubUserId: string }> } } } }
    ).data.searchUsers.data.list.map((u) => u.pubUserId);
    if (ids.length !== 20) throw new Error(`Mesh search found ${ids.length} users, not 20`);
    const { query, variables } = meshDetailsQuery(ids);
    await send(agent, meshSpec(meshUrl, query, variables));
  };
}
