/**
 * Entity references sent straight to our subgraph, as a gateway or router sends them: User through the
 * user-detail loader (one 2.8 call per distinct user, bounded concurrency), TradingAccount through an
 * owner search (2.7) and the owner's detail (2.8), with the same authorization as the root fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const USER_ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on User { id name email } }
}`;
const ACCOUNT_ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on TradingAccount { id name type balance currency } }
}`;

const userRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'User', id }));
const accountRefs = (ids: string[]) => ids.map((id) => ({ __typename: 'TradingAccount', id }));

/** The demo data's six users plus `extra` created ones: [id, name, email] triples. */
async function tenUsers(stack: Stack): Promise<Array<[string, string, string]>> {
  const users: Array<[string, string, string]> = [
    [DEMO_USERS.demo.id, DEMO_USERS.demo.name, DEMO_USERS.demo.email],
    [DEMO_USERS.admin.id, DEMO_USERS.admin.name, DEMO_USERS.admin.email],
    ...Object.values(DEMO_EXTRA_USERS).map((u): [string, string, string] => [u.id, u.name, u.email]),
  ];
  for (let i = 0; users.length < 10; i++) {
    const name = `Entity ${i}`;
    const email = `entity${i}@example.com`;
    users.push([
      await stack.service.store.createUser(DEV_TENANT.id, { name, email, password: 'Entity1234' }),
      name,
      email,
    ]);
  }
  return users;
}

/** 100 representations over the users, each one 10 times, interleaved so repeats are not adjacent. */
function hundredRefs(ids: string[]) {
  return userRefs(Array.from({ length: 100 }, (_, i) => ids[(i * 7) % ids.length] as string));
}

describe('User references', () => {
  const DELAY_MS = 30;
  let stack: Stack;
  let admin: string;
  let users: Array<[string, string, string]>;

  beforeAll(async () => {
    // A small upstream latency makes concurrent detail calls overlap, so the in-flight peak shows the limit.
    stack = await startStack({}, { serviceDelayMs: DELAY_MS, inProcess: true });
    users = await tenUsers(stack);
    admin = await stack.adminToken();
  });
  afterAll(() => stack.stop());

  it('resolves 100 representations of 10 users with one detail call per user, all at once', async () => {
    const reps = hundredRefs(users.map(([id]) => id));
    expect(new Set(reps.map((r) => r.id)).size).toBe(10);
    stack.service.counters.reset();

    const res = await stack.gql(USER_ENTITIES, { reps }, admin);

    expect(res.errors).toBeUndefined();
    const byId = new Map(users.map(([id, name, email]) => [id, { id, name, email }]));
    expect(res.data?._entities).toEqual(reps.map((r) => byId.get(r.id)));
    const counters = stack.service.counters;
    expect(counters.bySection).toEqual({ '2.8': 10 });
    expect(counters.total).toBe(10);
    // One round trip: the ten calls overlap at the upstream (the default allows 64 per request).
    expect(counters.maxInFlight).toBe(10);
  });

  it('lets a small query through while a batch holds every socket: requests take turns, not a queue', async () => {
    const tight = await startStack({ LWORK_MAX_SOCKETS: '2' }, { serviceDelayMs: DELAY_MS, inProcess: true });
    try {
      const ids = (await tenUsers(tight)).map(([id]) => id);
      const [admin, demo] = [await tight.adminToken(), await tight.demoToken()];
      tight.service.counters.reset();
      const batch = tight.gql(USER_ENTITIES, { reps: userRefs(ids) }, admin);
      // The batch has taken both sockets and queued the other eight calls when the query arrives.
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS / 2));
      const me = await tight.gql('{ me { id nickname } }', {}, demo);
      const callsWhenMeAnswered = tight.service.counters.total;
      expect(me.data?.me.nickname).toBe('demo');
      // First in, first out would have run the whole batch first (eleven calls); taking turns, the
      // query's call goes as soon as one socket frees.
      expect(callsWhenMeAnswered).toBeLessThanOrEqual(5);
      expect((await batch).data?._entities).toHaveLength(10);
      expect(tight.service.counters.maxInFlight).toBe(2);
    } finally {
      await tight.stop();
    }
  });

  it('keeps the in-flight bound at LWORK_LOADER_CONCURRENCY', async () => {
    const narrow = await startStack(
      { LWORK_LOADER_CONCURRENCY: '3' },
      { serviceDelayMs: DELAY_MS, inProcess: true },
    );
    try {
      const ids = (await tenUsers(narrow)).map(([id]) => id);
      const token = await narrow.adminToken();
      narrow.service.counters.reset();

      const res = await narrow.gql(USER_ENTITIES, { reps: hundredRefs(ids) }, token);

      expect(res.errors).toBeUndefined();
      expect(res.data?._entities).toHaveLength(100);
      expect(narrow.service.counters.bySection['2.8']).toBe(10);
      expect(narrow.service.counters.maxInFlight).toBe(3);
    } finally {
      await narrow.stop();
    }
  });

  it("refuses a viewer another user's entity, that entity alone, without fetching it", async () => {
    const demo = await stack.demoToken();
    stack.service.counters.reset();

    const res = await stack.gql(
      USER_ENTITIES,
      { reps: userRefs([DEMO_USERS.demo.id, DEMO_EXTRA_USERS.alice.id, DEMO_USERS.demo.id]) },
      demo,
    );

    const mine = { id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name, email: DEMO_USERS.demo.email };
    expect(res.data?._entities).toEqual([mine, null, mine]);
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['_entities', 1], 'FORBIDDEN']]);
    expect(JSON.stringify(res)).not.toContain(DEMO_EXTRA_USERS.alice.email);
    expect(stack.service.counters.bySection).toEqual({ '2.8': 1 });
  });

  it('refuses anonymous references', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(USER_ENTITIES, { reps: userRefs([DEMO_USERS.demo.id]) });

    expect(res.data?._entities).toEqual([null]);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.service.counters.total).toBe(0);
  });

  it('resolves an unknown user to null, without an error', async () => {
    const admin = await stack.adminToken();
    const res = await stack.gql(
      USER_ENTITIES,
      { reps: userRefs(['00000000-0000-0000-0000-000000000000', DEMO_USERS.demo.id]) },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      null,
      { id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name, email: DEMO_USERS.demo.email },
    ]);
  });
});

describe('TradingAccount references', () => {
  let stack: Stack;
  let demo: string;
  let admin: string;

  beforeAll(async () => {
    stack = await startStack({}, { inProcess: true });
    demo = await stack.demoToken();
    admin = await stack.adminToken();
  });
  afterAll(() => stack.stop());

  const LIVE = { id: '2090001252', name: 'demo', type: 'LIVE', balance: 1014.07, currency: 'USD' };
  const DEMO = { id: '2090005469', name: 'demo', type: 'DEMO', balance: 0, currency: 'USD' };
  const ALICE_ACCOUNT = '2090001300';

  it('resolve by one owner search per distinct account and one detail per distinct owner', async () => {
    stack.service.counters.reset();

    const res = await stack.gql(ACCOUNT_ENTITIES, { reps: accountRefs([LIVE.id, DEMO.id, LIVE.id]) }, demo);

    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([LIVE, DEMO, LIVE]);
    expect(stack.service.counters.bySection).toEqual({ '2.7': 2, '2.8': 1 });
  });

  it("refuse a viewer another user's account and an unknown one alike", async () => {
    stack.service.counters.reset();

    const res = await stack.gql(ACCOUNT_ENTITIES, { reps: accountRefs([LIVE.id, ALICE_ACCOUNT, '1']) }, demo);

    expect(res.data?._entities).toEqual([LIVE, null, null]);
    // The same answer for both, so a viewer cannot tell which account ids exist.
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1], 'FORBIDDEN'],
      [['_entities', 2], 'FORBIDDEN'],
    ]);
    // Alice's detail is never read: the owner check comes first.
    expect(stack.service.counters.bySection['2.8']).toBe(1);
  });

  it('resolve any account for an admin', async () => {
    const res = await stack.gql(ACCOUNT_ENTITIES, { reps: accountRefs([ALICE_ACCOUNT]) }, admin);

    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: ALICE_ACCOUNT, name: 'alice', type: 'LIVE', balance: 25000.5, currency: 'EUR' },
    ]);
  });

  it('refuse anonymous references', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(ACCOUNT_ENTITIES, { reps: accountRefs([LIVE.id]) });

    expect(res.data?._entities).toEqual([null]);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(stack.service.counters.total).toBe(0);
  });
});

describe('representation limit', () => {
  it('refuses an _entities call over GRAPHQL_MAX_ENTITIES before any upstream call', async () => {
    const stack = await startStack({ GRAPHQL_MAX_ENTITIES: '5' }, { inProcess: true });
    try {
      const admin = await stack.adminToken();
      stack.service.counters.reset();
      const refs = Array.from({ length: 6 }, (_, i) => ({
        __typename: 'TradingAccount',
        id: String(2090000000 + i),
      }));
      const res = await stack.gql(ACCOUNT_ENTITIES, { reps: refs }, admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'entities' });
      expect(stack.service.counters.total).toBe(0);
      const ok = await stack.gql(ACCOUNT_ENTITIES, { reps: refs.slice(0, 5) }, admin);
      expect(ok.errors).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });
});
