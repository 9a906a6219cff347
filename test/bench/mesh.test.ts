/**
 * Keeps the benchmark's GraphQL Mesh column honest: the real account service (demo data), Mesh
 * composed from its /openapi.json and served by Hive Gateway in process, and the operations the
 * benchmark sends. Also pins the behaviour the README's comparison states (no API key in the
 * supergraph, a `result: false` envelope becoming an error without its mcode).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { benchPackagesMissing } from '../../bench/dependencies.js';
import { MESH_HEADER_ENV } from '../../bench/mesh/compose.js';
import { type MeshGateway, startMeshGateway } from '../../bench/mesh/gateway.js';
import { MESH_LOGIN, MESH_SEARCH, MESH_USER_DETAIL, meshDetailsQuery } from '../../bench/mesh/operations.js';
import { DEMO_ACCOUNT_GROUPS, DEMO_TRADING_ACCOUNTS } from '../../src/account-service/demo-data.js';
import { DEMO_EXTRA_USERS, DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import { startTestAccountService, type TestAccountService } from '../helpers/account-service.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import type { Json } from '../helpers/stack.js';

const noMesh = skipUnlessPresent('the GraphQL Mesh tests', benchPackagesMissing());

let upstream: TestAccountService;
let mesh: MeshGateway;

beforeAll(async () => {
  if (noMesh) return;
  // The gateway reads the tenant headers from the environment at request time.
  vi.stubEnv(MESH_HEADER_ENV.tenantId, DEV_TENANT.id);
  vi.stubEnv(MESH_HEADER_ENV.apiKey, DEV_TENANT.apiKey);
  upstream = await startTestAccountService();
  mesh = await startMeshGateway(upstream.url);
}, 30_000);

afterAll(async () => {
  await mesh?.stop();
  await upstream?.close();
  vi.unstubAllEnvs();
});

async function meshQuery(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(mesh.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

describe.skipIf(noMesh)('GraphQL Mesh over the account service', () => {
  it('composes without the API key in the supergraph', () => {
    expect(mesh.supergraph).toContain('getUserDetail');
    expect(mesh.supergraph).not.toContain(DEV_TENANT.apiKey);
  });

  it("answers scenario 1: the demo user's detail with trading accounts", async () => {
    const { status, body } = await meshQuery(MESH_USER_DETAIL, { userId: DEMO_USERS.demo.id });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const detail = body.data.getUserDetail;
    expect(detail.__typename).toBe('GetUserDetailSuccess');
    expect(detail.data.username).toBe(DEMO_USERS.demo.name);
    const expected = DEMO_TRADING_ACCOUNTS.filter((a) => a.userId === DEMO_USERS.demo.id).map((a) => ({
      accountId: a.id,
      accountName: a.name,
      accountType: a.type,
      balance: a.balance,
      currency: a.currency,
      leverage: a.leverage,
      platformName: a.platform,
      serverName: a.server,
      accountGroup: a.groupId,
      accountGroupName: DEMO_ACCOUNT_GROUPS.find((g) => g.id === a.groupId)?.name ?? null,
      status: a.status,
    }));
    expect(detail.data.accounts).toEqual(expected);
  });

  it('answers scenario 4: the demo user signs in', async () => {
    const { body } = await meshQuery(MESH_LOGIN, {
      input: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.login.__typename).toBe('LoginSuccess');
    expect(body.data.login.data).toMatchObject({ userId: DEMO_USERS.demo.id, phone: DEMO_USERS.demo.phone });
  });

  it('answers scenario 2 in two requests: the search, then the found users aliased', async () => {
    const search = await meshQuery(MESH_SEARCH, { value: 'o' });
    expect(search.body.errors).toBeUndefined();
    const ids = (search.body.data.searchUsers.data.list as Array<{ pubUserId: string }>).map(
      (u) => u.pubUserId,
    );
    expect(ids).toContain(DEMO_EXTRA_USERS.bob.id);
    const { query, variables } = meshDetailsQuery(ids);
    const details = await meshQuery(query, variables);
    expect(details.body.errors).toBeUndefined();
    expect(Object.keys(details.body.data)).toHaveLength(ids.length);
  });

  it('turns a result:false envelope into an error without its mcode', async () => {
    const input = { loginName: DEMO_USERS.demo.phone, password: 'Wrong-password-1' };
    const rest = await upstream.call('POST', '/v1/api/user/login', input);
    expect(rest.body).toMatchObject({ result: false, mcode: MCODES.INVALID_CREDENTIALS.code });
    const { body } = await meshQuery(MESH_LOGIN, { input });
    // The 200 answer maps to LoginSuccess, whose non-null `data` is missing: a masked error.
    expect(body.data.login).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(JSON.stringify(body)).not.toContain(MCODES.INVALID_CREDENTIALS.code);
  });
});
