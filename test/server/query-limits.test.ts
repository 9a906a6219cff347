import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMIT_MESSAGES } from '../../src/server/query-limits.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

const LIMITS = {
  GRAPHQL_MAX_DEPTH: '4',
  GRAPHQL_MAX_ALIASES: '3',
  GRAPHQL_MAX_DIRECTIVES: '2',
  GRAPHQL_MAX_COST: '60',
  GRAPHQL_MAX_TOKENS: '120',
  GRAPHQL_MAX_BODY_BYTES: '4096',
};

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack(LIMITS);
  admin = await stack.adminToken();
});
afterAll(() => stack.stop());

async function refused(query: string, limit: string) {
  stack.service.counters.reset();
  const res = await stack.gql(query, {}, admin);
  expect(res.data ?? null).toBeNull();
  const error = res.errors?.[0];
  expect(error?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(error?.message).toBe(LIMIT_MESSAGES[limit as keyof typeof LIMIT_MESSAGES]);
  // The configured numbers are never revealed.
  for (const value of Object.values(LIMITS))
    expect(JSON.stringify(res.errors)).not.toMatch(new RegExp(`\\b${value}\\b`));
  expect(stack.service.counters.total, 'a refused query makes no upstream call').toBe(0);
}

async function accepted(query: string) {
  const res = await stack.gql(query, {}, admin);
  expect(res.errors).toBeUndefined();
}

describe('query limits', () => {
  it('limits depth, counting through fragments', async () => {
    await accepted(`{ me { profile { base { accountName } } } }`);
    await refused(`{ me { profile { base { homePlace { city } } } } }`, 'depth');
    await refused(
      `fragment P on AccountProfile { base { homePlace { city } } } { me { profile { ...P } } }`,
      'depth',
    );
  });

  it('limits aliases', async () => {
    await accepted(`{ a: me { id } b: me { id } c: me { id } }`);
    await refused(`{ a: me { id } b: me { id } c: me { id } d: me { id } }`, 'aliases');
  });

  it('limits directives', async () => {
    await accepted(`{ me { id @include(if: true) name @skip(if: false) } }`);
    await refused(
      `{ me { id @include(if: true) name @skip(if: false) email @include(if: true) } }`,
      'directives',
    );
  });

  it('weighs fields by the page size they sit in', async () => {
    await accepted(`{ users(search: { field: NAME, value: "a" }, first: 10) { nodes { id name email } } }`);
    await refused(
      `{ users(search: { field: NAME, value: "a" }, first: 30) { nodes { id name email } } }`,
      'cost',
    );
    // A variable page size counts as the largest page.
    stack.service.counters.reset();
    const res = await stack.gql(
      `query($n: Int) { users(search: { field: NAME, value: "a" }, first: $n) { nodes { id } } }`,
      { n: 1 },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.limit).toBe('cost');
  });

  it('limits the size of the document in tokens', async () => {
    // Cheap to execute but long: variable definitions cost nothing but tokens.
    const variables = Array.from({ length: 40 }, (_, i) => `$v${i}: Int`).join(', ');
    await refused(`query(${variables}) { me { id } }`, 'tokens');
  });

  it('refuses a body over the size limit with 413 and a batch when batching is off', async () => {
    const big = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }`, padding: 'x'.repeat(5000) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as Json).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');

    const batch = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(batch.status).toBe(400);
  });

  it('blocks cross-site simple requests (CSRF prevention)', async () => {
    const res = await fetch(`${stack.server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    const plain = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(plain.status).toBe(400);
  });
});

describe('batched requests when enabled', () => {
  it('serves up to the maximum and refuses more', async () => {
    const batching = await startStack({ GRAPHQL_BATCHING: 'true', GRAPHQL_MAX_BATCH: '2' });
    try {
      const send = (n: number) =>
        fetch(batching.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Array.from({ length: n }, () => ({ query: '{ __typename }' }))),
        });
      const ok = await send(2);
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual([{ data: { __typename: 'Query' } }, { data: { __typename: 'Query' } }]);
      const tooMany = await send(3);
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as Json).errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    } finally {
      await batching.stop();
    }
  });
});

describe('production schema privacy', () => {
  it('answers no introspection and no field suggestions unless enabled', async () => {
    const prod = await startStack({
      GRAPHQL_INTROSPECTION: 'false',
      GRAPHQL_SCHEMA_DETAILS_IN_ERRORS: 'false',
    });
    const dev = await startStack({ GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SCHEMA_DETAILS_IN_ERRORS: 'true' });
    try {
      const introspection = `{ __schema { types { name } } }`;
      expect((await prod.gql(introspection)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await dev.gql(introspection)).data?.__schema.types.length).toBeGreaterThan(10);

      const typo = `{ me { nicknam } }`;
      expect((await dev.gql(typo)).errors?.[0]?.message).toMatch(/Did you mean/);
      const hidden = await prod.gql(typo);
      expect(hidden.errors?.[0]?.message).not.toMatch(/Did you mean|nickname/);
      expect(hidden.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      await prod.stop();
      await dev.stop();
    }
  });
});

describe('fragments', () => {
  it('measures nested fragment spreads once each, so doubling spreads cannot stall the server', async () => {
    const defaults = await startStack();
    try {
      // F0 spreads F1 twice, F1 spreads F2 twice, ...: 2^30 expansions if walked naively.
      const n = 30;
      const chain = Array.from(
        { length: n },
        (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
      );
      const leaf = `fragment F${n} on Query { me { id } }`;
      const res = await defaults.gql(
        `query Q { ...F0 } ${chain.join(' ')} ${leaf}`,
        {},
        await defaults.demoToken(),
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    } finally {
      await defaults.stop();
    }
  });
});
