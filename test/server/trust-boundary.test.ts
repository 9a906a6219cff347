/**
 * The layer as an attacker meets it: entity representations of every type and shape, limits walked
 * around with fragments, aliases, variables and introspection, bursts of bad requests in parallel.
 * Hostile input is the sender's problem alone: a client error at its own path, no upstream call, no
 * internal or upstream code, no error-level log line, and nothing that pauses anyone else's service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { type GraphQLResponse, type Json, type Stack, startStack } from '../helpers/stack.js';

const MAX_ENTITIES = 20;
let stack: Stack;
let logs: LogCapture;
let admin: string;
let demo: string;

beforeAll(async () => {
  logs = captureLogs();
  // A breaker that opens on the first counted failure: one miscounted local error would show.
  stack = await startStack(
    {
      LWORK_BREAKER_THRESHOLD: '1',
      LWORK_BREAKER_COOLDOWN_MS: '60000',
      GRAPHQL_MAX_ENTITIES: String(MAX_ENTITIES),
      GRAPHQL_BATCHING: 'true',
      GRAPHQL_MAX_BATCH: '3',
    },
    { logStream: logs.stream, logLevel: 'debug' },
  );
  admin = await stack.adminToken();
  demo = await stack.demoToken();
});
afterAll(() => stack?.stop());

const ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { __typename ... on User { id name } ... on TradingAccount { id balance } }
}`;

const HOSTILE_IDS: unknown[] = [
  123,
  1.5,
  true,
  null,
  [],
  ['2090001252'],
  { $ne: 1 },
  {},
  '',
  'x'.repeat(65),
  '../../v1/api/user/list',
  '2090001252?type=Email',
  '%2e%2e%2f',
  '1 OR 1=1',
  'a\u0000b',
  'ünïcödé',
  ' 2090001252',
];
const HOSTILE_TYPENAMES: unknown[] = [
  undefined,
  null,
  '',
  'Nope',
  'Query',
  'Mutation',
  'PageInfo',
  'Session',
  '_Entity',
  '__Type',
  'user',
  42,
  ['User'],
  { name: 'User' },
];

/** Every malformed representation we can think of: bad keys for each entity, bad type names, non-objects. */
function hostileRepresentations(): unknown[] {
  const reps: unknown[] = [];
  for (const __typename of ['User', 'TradingAccount']) {
    for (const id of HOSTILE_IDS) reps.push({ __typename, id });
    reps.push({ __typename });
    reps.push({ __typename, id: DEMO_USERS.demo.id, name: 'extra' });
  }
  for (const __typename of HOSTILE_TYPENAMES)
    reps.push(__typename === undefined ? { id: DEMO_USERS.demo.id } : { __typename, id: DEMO_USERS.demo.id });
  reps.push('User', 1, true, [], [{ __typename: 'User', id: DEMO_USERS.demo.id }]);
  return reps;
}

function expectOnlyClientErrors(res: GraphQLResponse<Json>, codes: string[]): void {
  for (const error of res.errors ?? []) {
    expect(codes, JSON.stringify(error)).toContain(error.extensions?.code);
    expect(JSON.stringify(error)).not.toMatch(/UPSTREAM|INTERNAL|stack|node_modules|\/work\//);
  }
}

describe('entity representations are input', () => {
  it('answers every malformed representation with BAD_USER_INPUT at its own index, making no upstream call', async () => {
    const reps = hostileRepresentations();
    for (let start = 0; start < reps.length; start += MAX_ENTITIES) {
      const batch = reps.slice(start, start + MAX_ENTITIES);
      stack.service.counters.reset();
      const res = await stack.gql(ENTITIES, { reps: batch }, admin);
      expect(res.status).toBe(200);
      expect(res.data?._entities).toEqual(batch.map(() => null));
      expect(res.errors?.map((e) => e.path)).toEqual(batch.map((_, i) => ['_entities', i]));
      expectOnlyClientErrors(res, ['BAD_USER_INPUT']);
      expect(stack.service.counters.total).toBe(0);
    }
  });

  it('resolves the well-formed representations among malformed ones', async () => {
    const res = await stack.gql(
      ENTITIES,
      {
        reps: [
          { __typename: 'TradingAccount', id: ['2090001252'] },
          { __typename: 'User', id: DEMO_USERS.demo.id },
          { __typename: 'Nope', id: DEMO_USERS.demo.id },
          { __typename: 'TradingAccount', id: '2090001252' },
        ],
      },
      admin,
    );
    expect(res.data?._entities).toEqual([
      null,
      { __typename: 'User', id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name },
      null,
      { __typename: 'TradingAccount', id: '2090001252', balance: 1014.07 },
    ]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 0], 'BAD_USER_INPUT'],
      [['_entities', 2], 'BAD_USER_INPUT'],
    ]);
  });

  it('checks representations written as literals, in fragments and under aliases alike', async () => {
    for (const query of [
      `{ _entities(representations: [{ __typename: "TradingAccount", id: [1, 2] }]) { __typename } }`,
      `{ ... on Query { a: _entities(representations: [{ __typename: "Query", id: "1" }]) { __typename } } }`,
      `query { ...E } fragment E on Query { b: _entities(representations: [{ id: "1" }]) { __typename } }`,
    ]) {
      stack.service.counters.reset();
      const res = await stack.gql(query, {}, admin);
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(stack.service.counters.total).toBe(0);
    }
  });

  it("never pauses another user's service: after a flood of hostile input, the demo user reads their accounts", async () => {
    const reps = hostileRepresentations();
    const floods = Array.from({ length: 12 }, (_, i) =>
      stack.gql(ENTITIES, { reps: reps.slice((i * 7) % reps.length).slice(0, MAX_ENTITIES) }, admin),
    );
    await Promise.all(floods);
    const res = await stack.gql('{ me { id tradingAccounts { id balance } } }', {}, demo);
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.tradingAccounts).toHaveLength(2);
    const metrics = await (await fetch(`${stack.server.origin}/metrics`)).text();
    expect(metrics).toMatch(/^lwork_graph_upstream_circuit_state 0$/m);
  });
});

describe('every limit counts the whole operation, and every refusal looks the same', () => {
  const reps = (n: number) =>
    Array.from({ length: n }, () => ({ __typename: 'User', id: DEMO_USERS.demo.id }));

  const refusals: Array<[string, string, Record<string, unknown>]> = [
    [
      'entities at top level',
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`,
      { r: reps(21) },
    ],
    [
      'entities in an inline fragment',
      `query($r: [_Any!]!) { ... on Query { _entities(representations: $r) { __typename } } }`,
      { r: reps(21) },
    ],
    [
      'entities in nested named fragments',
      `query($r: [_Any!]!) { ...A } fragment A on Query { ...B } fragment B on Query { ... on Query { x: _entities(representations: $r) { __typename } } }`,
      { r: reps(21) },
    ],
    [
      'entities split over aliases',
      `query($r: [_Any!]!, $s: [_Any!]!) { a: _entities(representations: $r) { __typename } b: _entities(representations: $s) { __typename } }`,
      { r: reps(15), s: reps(15) },
    ],
    [
      'entities spread twice',
      `query($r: [_Any!]!) { ...E ...F } fragment E on Query { _entities(representations: $r) { __typename } } fragment F on Query { ...E }`,
      { r: reps(12) },
    ],
    [
      'entities as a literal list',
      `{ _entities(representations: [${reps(21)
        .map((r) => `{ __typename: "User", id: "${r.id}" }`)
        .join(', ')}]) { __typename } }`,
      {},
    ],
    [
      'depth through introspection',
      `{ __schema { queryType { fields { type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } } } } }`,
      {},
    ],
    [
      'introspection lists nested in introspection lists',
      `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`,
      {},
    ],
    [
      'aliases through fragments',
      `{ ...A } fragment A on Query { ${Array.from({ length: 31 }, (_, i) => `t${i}: __typename`).join(' ')} }`,
      {},
    ],
  ];

  it.each(refusals)(
    'refuses %s with HTTP 400 and QUERY_TOO_COMPLEX, before any upstream call',
    async (_name, query, variables) => {
      stack.service.counters.reset();
      const res = await stack.gql(query, variables, admin);
      expect(res.status).toBe(400);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const error of res.errors ?? []) expect(error.extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(stack.service.counters.total).toBe(0);
    },
  );

  it('answers a batch over the limit the same way', async () => {
    const res = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 4 }, () => ({ query: '{ __typename }' }))),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ extensions: { code: string } }> };
    expect(body.errors.map((e) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('counts the entities of every operation of a batched request against one limit', async () => {
    stack.service.counters.reset();
    const operation = { query: ENTITIES, variables: { reps: reps(8) } };
    const res = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify([operation, operation, operation]),
    });
    const answers = (await res.json()) as Array<{ errors?: Array<{ extensions: Record<string, unknown> }> }>;
    const refused = answers.filter((a) => a.errors?.[0]?.extensions.limit === 'entities');
    // 24 representations in all against a limit of 20: two operations fit, the third is refused.
    expect(refused).toHaveLength(1);
    expect(stack.service.counters.bySection['2.8']).toBe(1);
  });

  it('still serves the standard introspection query and a full entity batch', async () => {
    const { getIntrospectionQuery } = await import('graphql');
    const introspection = await stack.gql(getIntrospectionQuery(), {});
    expect(introspection.errors).toBeUndefined();
    const entities = await stack.gql(ENTITIES, { reps: reps(MAX_ENTITIES) }, admin);
    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities).toHaveLength(MAX_ENTITIES);
  });
});

describe('client mistakes are not faults', () => {
  it('a burst of bad requests, in parallel, writes no error-level line and no stack', async () => {
    const from = logs.lines.length;
    const bad: Array<Promise<unknown>> = [];
    const users = (args: string) => `{ users(search: { field: NAME, value: "a" }${args}) { totalCount } }`;
    for (let i = 0; i < 3; i++) {
      bad.push(
        stack.gql(users(', first: -1'), {}, admin),
        stack.gql(users(', after: "garbage"'), {}, admin),
        stack.gql(users(', first: 101'), {}, admin),
        stack.gql('{ user(id: "not a user id!") { id } }', {}, admin),
        stack.gql('{ user(id: "0a0d7f2e-5c1b-4b8e-9f3a-2d6c8e1b7a01") { id } }', {}, demo),
        stack.gql('{ me { id } }', {}, 'v1.forged.token'),
        stack.gql('{ users(search: { field: NAME, value: "a" }) { totalCount } }', {}, demo),
        stack.gql(ENTITIES, { reps: hostileRepresentations().slice(0, MAX_ENTITIES) }, admin),
        stack.gql('{ nope }'),
        stack.gql('{ me { id '),
        stack.gql(
          'mutation { login(input: { loginName: "nobody@example.com", password: "wrong" }) { __typename } }',
        ),
        stack.gql('mutation($i: ProfileUpdateInput!) { updateProfile(input: $i) { __typename } }', {
          i: { base: { extraFields: [] } },
        }),
        fetch(stack.server.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{"query":',
        }),
        fetch(`${stack.server.url}?query=${encodeURIComponent('{ __typename }')}`),
      );
    }
    // The account service's 60 s code cooldown: an expected answer, not an upstream failure.
    const code =
      'mutation { requestPhoneCode(input: { phone: "13900008888", purpose: REGISTER }) { __typename } }';
    bad.push(stack.gql(code, {}, admin).then(() => stack.gql(code, {}, admin)));
    await Promise.all(bad);

    const records = logs.records().slice(from);
    expect(records.length).toBeGreaterThan(40);
    expect(records.filter((r) => (r.level ?? 0) >= 50)).toEqual([]);
    expect(records.filter((r) => (r.level ?? 0) >= 40)).toEqual([]);
    expect(logs.lines.slice(from).join('\n')).not.toMatch(/"stack"|"err"/);
    // The access lines carry what each request was answered.
    const codes = new Set(records.flatMap((r) => (Array.isArray(r.errors) ? r.errors : [])));
    for (const code of [
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'UNAUTHENTICATED',
      'RATE_LIMITED',
      'GRAPHQL_VALIDATION_FAILED',
    ])
      expect(codes).toContain(code);
  });
});
