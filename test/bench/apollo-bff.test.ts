/**
 * Keeps the benchmark's Apollo BFF column honest: the BFF over the real account service (demo data)
 * answers the layer's own documents for scenarios 1 to 3 with the same data as the layer, and
 * makes the upstream calls the README's comparison states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BFF_LOGIN } from '../../bench/apollo-bff/operations.js';
import type { ApolloBff } from '../../bench/apollo-bff/server.js';
import { benchPackagesMissing } from '../../bench/dependencies.js';
import { ENTITIES, SEARCH, USER, userRepresentations } from '../../bench/operations.js';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

const noBff = skipUnlessPresent('the Apollo BFF tests', benchPackagesMissing());

let stack: Stack;
let bff: ApolloBff;
let adminToken: string;

beforeAll(async () => {
  if (noBff) return;
  stack = await startStack();
  adminToken = await stack.adminToken();
  // Loaded here: the module needs bench/node_modules, which the skip above may have found missing.
  const { startApolloBff } = await import('../../bench/apollo-bff/server.js');
  bff = await startApolloBff(stack.service.url, DEV_TENANT);
}, 30_000);

afterAll(async () => {
  await bff?.stop();
  await stack?.stop();
});

async function viaBff(query: string, variables: Record<string, unknown>): Promise<Json> {
  const res = await fetch(bff.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

async function viaLayer(query: string, variables: Record<string, unknown>): Promise<Json> {
  const { status, data, errors } = await stack.gql(query, variables, adminToken);
  expect(status).toBe(200);
  return { data, ...(errors ? { errors } : {}) };
}

describe.skipIf(noBff)('the Apollo BFF over the account service', () => {
  it('answers scenario 1 exactly as the layer does', async () => {
    const variables = { id: DEMO_USERS.demo.id };
    const bffAnswer = await viaBff(USER, variables);
    expect(bffAnswer.errors).toBeUndefined();
    expect(bffAnswer.data.user.tradingAccounts.length).toBeGreaterThan(0);
    expect(bffAnswer).toEqual(await viaLayer(USER, variables));
  });

  it("answers scenario 2 as the layer does, with one detail call per user for the accounts' ids", async () => {
    const variables = { value: 'o' };
    const before = stack.service.counters.total;
    const bffAnswer = await viaBff(SEARCH, variables);
    const calls = stack.service.counters.total - before;
    expect(bffAnswer.errors).toBeUndefined();
    const users = bffAnswer.data.users.nodes as Array<{ id: string }>;
    expect(users.length).toBeGreaterThan(1);
    expect(calls).toBe(1 + users.length);
    expect(bffAnswer).toEqual(await viaLayer(SEARCH, variables));
  });

  it('answers scenario 3 (_entities through __resolveReference) as the layer does', async () => {
    const ids = [DEMO_USERS.demo.id, DEMO_USERS.admin.id];
    const variables = userRepresentations(ids);
    const bffAnswer = await viaBff(ENTITIES, variables);
    expect(bffAnswer.errors).toBeUndefined();
    expect(bffAnswer.data._entities.map((u: { id: string }) => u.id)).toEqual(ids);
    expect(bffAnswer).toEqual(await viaLayer(ENTITIES, variables));
  });

  it("answers scenario 4 with the account service's login data, not a session", async () => {
    const { data, errors } = await viaBff(BFF_LOGIN, {
      input: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password },
    });
    expect(errors).toBeUndefined();
    expect(data.login).toMatchObject({ userId: DEMO_USERS.demo.id, phone: DEMO_USERS.demo.phone });
  });

  it('turns a refused login into an error carrying the mcode, no typed result', async () => {
    const { data, errors } = await viaBff(BFF_LOGIN, {
      input: { loginName: DEMO_USERS.demo.phone, password: 'Wrong-password-1' },
    });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REFUSED' });
  });
});
