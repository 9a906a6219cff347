import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { DEFAULT_POLICIES } from '../../src/limits/attempt-limiter.js';
import { type Stack, startStack } from '../helpers/stack.js';

/** The value of one sample line, e.g. `name{a="b"} 3`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

describe('/metrics', () => {
  let stack: Stack;
  let text: string;

  beforeAll(async () => {
    stack = await startStack();
    const token = await stack.demoToken();
    await stack.gql('query Me { me { id name tradingAccounts { id } } }', {}, token);
    await stack.gql('query Me { me { id } }', {}, token);
    await stack.gql('query Broken { me { nope } }', {}, token);
    await stack.gql('query Anonymous { me { id } }');
    const admin = await stack.adminToken();
    await stack.gql(
      'query Search { users(search: { field: NAME, value: "a" }, first: 5) { nodes { id tradingAccounts { id name } } } }',
      {},
      admin,
    );
    for (let i = 0; i <= DEFAULT_POLICIES.login.perTarget.max; i++) {
      await stack.gql(
        `mutation { login(input: { loginName: "${DEMO_USERS.demo.email}", password: "Wrong${i}xx" }) { __typename } }`,
      );
    }
    const res = await fetch(`${stack.server.origin}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain|openmetrics/);
    text = await res.text();
  });
  afterAll(() => stack.stop());

  it('counts GraphQL operations by name, type and outcome, with a duration histogram', () => {
    expect(
      sample(text, 'lwork_graph_graphql_requests_total', { operation: 'Me', type: 'query', outcome: 'ok' }),
    ).toBe(2);
    expect(
      sample(text, 'lwork_graph_graphql_requests_total', { operation: 'Broken', outcome: 'invalid' }),
    ).toBe(1);
    expect(
      sample(text, 'lwork_graph_graphql_requests_total', { operation: 'Anonymous', outcome: 'error' }),
    ).toBe(1);
    expect(sample(text, 'lwork_graph_graphql_request_duration_seconds_count', { operation: 'Me' })).toBe(2);
  });

  it('counts upstream calls by contract section and outcome, with durations', () => {
    expect(
      sample(text, 'lwork_graph_upstream_calls_total', { section: '2.7', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'lwork_graph_upstream_calls_total', { section: '2.8', outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(text, 'lwork_graph_upstream_calls_total', { section: '2.6', outcome: 'INVALID_CREDENTIALS' }),
    ).toBe(DEFAULT_POLICIES.login.perTarget.max);
    expect(
      sample(text, 'lwork_graph_upstream_call_duration_seconds_count', { section: '2.8' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('observes DataLoader batch sizes, the circuit state, rate-limit rejections and the process', () => {
    // The search page's users are fetched in one detail batch.
    expect(
      sample(text, 'lwork_graph_dataloader_batch_size_count', { loader: 'userDetail' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'lwork_graph_dataloader_batch_size_sum', { loader: 'userDetail' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'lwork_graph_upstream_circuit_state')).toBe(0);
    // Sampled between requests: nothing on the wire, nothing waiting for a socket.
    expect(sample(text, 'lwork_graph_upstream_in_flight')).toBe(0);
    expect(sample(text, 'lwork_graph_upstream_queued')).toBe(0);
    expect(sample(text, 'lwork_graph_rate_limit_rejections_total', { action: 'login' })).toBe(1);
    expect(sample(text, 'lwork_graph_process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('keeps client-chosen operation names from exploding the label set', async () => {
    await stack.gql('query Weird_Name_That_Is_Fine { __typename }');
    const res = await fetch(`${stack.server.origin}/metrics`);
    const fresh = await res.text();
    expect(
      sample(fresh, 'lwork_graph_graphql_requests_total', { operation: 'Weird_Name_That_Is_Fine' }),
    ).toBe(1);
  });
});

describe('upstream load gauges', () => {
  it('show the calls on the wire and the calls waiting for a socket while a request runs', async () => {
    // One socket and a slow upstream: two requests' calls queue behind each other (one request alone
    // holds at most half the sockets, so with one socket it never waits for one).
    const stack = await startStack({ LWORK_MAX_SOCKETS: '1' }, { serviceDelayMs: 150 });
    try {
      const admin = await stack.adminToken();
      const search = () =>
        stack.gql(
          'query { users(search: { field: NAME, value: "e" }, first: 3) { nodes { id name tradingAccounts { id name } } } }',
          {},
          admin,
        );
      const queries = [search(), search()];
      let seen = { inFlight: 0, queued: 0 };
      for (let i = 0; i < 100 && seen.queued === 0; i++) {
        const text = await (await fetch(`${stack.server.origin}/metrics`)).text();
        seen = {
          inFlight: sample(text, 'lwork_graph_upstream_in_flight') ?? 0,
          queued: sample(text, 'lwork_graph_upstream_queued') ?? 0,
        };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seen.inFlight).toBe(1);
      expect(seen.queued).toBeGreaterThan(0);
      for (const result of await Promise.all(queries)) expect(result.errors).toBeUndefined();
    } finally {
      await stack.stop();
    }
  });
});

describe('/metrics in production', () => {
  // The stack wires the real upstream itself; production config only insists these are set.
  const prod = {
    NODE_ENV: 'production',
    LWORK_API_URL: 'http://127.0.0.1:9',
    LWORK_TENANT_ID: 't',
    LWORK_API_KEY: 'k',
  };

  it('is off unless configured', async () => {
    const stack = await startStack(prod);
    try {
      expect((await fetch(`${stack.server.origin}/metrics`)).status).toBe(404);
    } finally {
      await stack.stop();
    }
  });

  it('asks for the token when one is set', async () => {
    const token = 'metrics-token-long-enough';
    const stack = await startStack({ ...prod, METRICS_TOKEN: token });
    try {
      expect((await fetch(`${stack.server.origin}/metrics`)).status).toBe(401);
      const wrong = await fetch(`${stack.server.origin}/metrics`, {
        headers: { authorization: 'Bearer nope-nope-nope-nope' },
      });
      expect(wrong.status).toBe(401);
      const ok = await fetch(`${stack.server.origin}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('lwork_graph_graphql_requests_total');
    } finally {
      await stack.stop();
    }
  });
});
