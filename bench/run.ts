/**
 * `npm run bench`: the GraphQL layer side by side with direct REST calls to the account service.
 *
 * Four child processes (account service, GraphQL layer in production mode, the floor server, GraphQL
 * Mesh on Hive Gateway composed from the service's OpenAPI document) and this process as the load
 * generator. Mesh runs every scenario it can express; the table names the others and why. Each scenario alternates its targets in short rounds, so a
 * ratio compares numbers taken within seconds of each other on a noisy machine. Upstream calls and
 * new upstream connections are counted at the account service.
 *
 * `--smoke` (or BENCH_SMOKE=1): every target once, briefly, checks every answer, writes nothing and
 * exits 1 on any failure. `--only=1,3`, `--connections=10`, `--delays=0`, `--rounds=5`: a partial run
 * that writes nothing. `--cpu-prof`: profile the GraphQL process
 * (written to bench/profiles/ when it stops).
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type http from 'node:http';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS, DEV_TENANT } from '../src/account-service/index.js';
import { type ChartScenario, renderChart } from './chart.js';
import { buildGraphQLChild, GRAPHQL_NODE_FLAGS } from './graphql-build.js';
import { type Child, startChild } from './ipc.js';
import { autocannonRound, type HttpRequestSpec, loopRound, type RoundResult, send } from './load.js';
import {
  MESH_LOGIN,
  MESH_NOT_EXPRESSIBLE,
  MESH_SEARCH,
  MESH_USER_DETAIL,
  meshDetailsQuery,
} from './mesh/operations.js';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke') || process.env.BENCH_SMOKE === '1';
const cpuProf = args.includes('--cpu-prof');

const list = (name: string) =>
  args
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3)
    .split(',')
    .map(Number);
const only = list('only');
const settings = smoke
  ? { rounds: 1, seconds: 1, connections: [10], delays: [0] }
  : {
      rounds: list('rounds')?.[0] ?? 3,
      seconds: 2,
      connections: list('connections') ?? [10, 100],
      delays: list('delays') ?? [0, 20],
    };
/** A partial run (--only, --connections, --delays, --rounds) is for exploring: it writes no results. */
const partial = args.some((a) => /^--(only|connections|delays|rounds)=/.test(a));
const REST_MAX_SOCKETS = 256;

// ---- processes ----

const children: Child[] = [];
async function stopAll(): Promise<void> {
  await Promise.all(children.map((c) => c.stop()));
}

const account = await startChild('./account-service-child.ts', { NODE_ENV: 'test', LOG_LEVEL: 'silent' });
children.push(account);
const upstreamUrl = String(account.ready.url);
const benchUserIds = account.ready.userIds as string[];
const upstreamEnv = {
  LWORK_API_URL: upstreamUrl,
  LWORK_TENANT_ID: DEV_TENANT.id,
  LWORK_API_KEY: DEV_TENANT.apiKey,
};
const graphql = await startChild(
  buildGraphQLChild(),
  {
    ...upstreamEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    ADMIN_USER_IDS: DEMO_USERS.admin.id,
    // The login scenario signs the same user in thousands of times.
    ATTEMPT_LIMITS: 'false',
    // At 100 connections, logins queue for scrypt in the account service for seconds: the default 5 s
    // upstream budget would turn that queue into timeouts and measure nothing about the layer.
    LWORK_REQUEST_TIMEOUT_MS: '30000',
    REDIS_URL: '',
  },
  [
    ...GRAPHQL_NODE_FLAGS,
    ...(cpuProf
      ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('./profiles', import.meta.url))}`]
      : []),
  ],
);
children.push(graphql);
const floor = await startChild('./floor-server.ts', upstreamEnv);
children.push(floor);
const mesh = await startChild('./mesh/gateway-child.ts', { ...upstreamEnv, NODE_ENV: 'production' });
children.push(mesh);
const meshUrl = String(mesh.ready.url);
const graphqlUrl = String(graphql.ready.url);
const floorUrl = String(floor.ready.url);

// ---- requests ----

const restHeaders = {
  accept: 'application/json',
  'x-api-tenantid': DEV_TENANT.id,
  'x-api-token': DEV_TENANT.apiKey,
};
const restOk = (body: string) => body.startsWith('{"result":true');
const graphqlOk = (body: string) => body.startsWith('{"data":') && !body.includes('"errors":');

function graphqlSpec(query: string, variables: Record<string, unknown>, token?: string): HttpRequestSpec {
  return {
    url: graphqlUrl,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    ok: graphqlOk,
  };
}

const restGet = (path: string): HttpRequestSpec => ({
  url: `${upstreamUrl}${path}`,
  method: 'GET',
  headers: restHeaders,
  ok: restOk,
});
const detailPath = (id: string) => `/v1/api/user/${encodeURIComponent(id)}/detail`;

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) { __typename ... on Session { token user { id } } }
}`;
const adminLogin = JSON.parse(
  await send(
    new (await import('node:http')).Agent(),
    graphqlSpec(LOGIN, { input: { loginName: DEMO_USERS.admin.email, password: DEMO_USERS.admin.password } }),
  ),
) as { data: { login: { __typename: string; token?: string } } };
const adminToken = adminLogin.data.login.token;
if (!adminToken) throw new Error(`admin login failed: ${adminLogin.data.login.__typename}`);

const USER = `query User($id: ID!) {
  user(id: $id) {
    id name
    tradingAccounts { id name type balance currency leverage platform server group { id name } active }
  }
}`;
const SEARCH = `query Search($value: String!) {
  users(search: { field: NAME, value: $value }, first: 20) { nodes { id name tradingAccounts { id } } }
}`;
const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on User { id name tradingAccounts { id } } }
}`;

const demoId = DEMO_USERS.demo.id;
{
  // The floor must answer exactly what the GraphQL layer answers, or it is not a floor.
  const agent = new (await import('node:http')).Agent();
  const viaGraphQL = await send(agent, graphqlSpec(USER, { id: demoId }, adminToken));
  const viaFloor = await send(agent, {
    url: `${floorUrl}/user/${demoId}`,
    method: 'GET',
    headers: {},
    ok: graphqlOk,
  });
  if (viaGraphQL.trim() !== viaFloor.trim())
    throw new Error(`the floor answers differently:\n${viaGraphQL}\n${viaFloor}`);
}
const searchPath = `/v1/api/user/list?type=UserName&value=${encodeURIComponent('Bench User')}&page=1&size=20`;
const searchSpec = graphqlSpec(SEARCH, { value: 'Bench User' }, adminToken);
const entitiesSpec = graphqlSpec(
  ENTITIES,
  { representations: benchUserIds.slice(0, 50).map((id) => ({ __typename: 'User', id })) },
  adminToken,
);
const loginInput = { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password };

/** Mesh holds the tenant key itself and has no sessions: its requests carry no credentials. */
const meshSpec = (query: string, variables: Record<string, unknown>): HttpRequestSpec => ({
  url: meshUrl,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ query, variables }),
  ok: graphqlOk,
});
const meshSearchSpec = meshSpec(MESH_SEARCH, { value: 'Bench User' });

/** The Mesh client of scenario 2: the generated search, then the found users' details in one aliased query. */
async function meshSearch(agent: http.Agent): Promise<void> {
  const body = await send(agent, meshSearchSpec);
  const ids = (
    JSON.parse(body) as { data: { searchUsers: { data: { list: Array<{ pubUserId: string }> } } } }
  ).data.searchUsers.data.list.map((u) => u.pubUserId);
  if (ids.length !== 20) throw new Error(`Mesh search found ${ids.length} users, not 20`);
  const { query, variables } = meshDetailsQuery(ids);
  await send(agent, meshSpec(query, variables));
}

/** The REST client of scenario 2: a search, then each found user's detail. */
async function restSearch(agent: http.Agent, parallel: boolean): Promise<void> {
  const body = await send(agent, restGet(searchPath));
  const ids = (JSON.parse(body) as { data: { list: Array<{ pubUserId: string }> } }).data.list.map(
    (u) => u.pubUserId,
  );
  if (ids.length !== 20) throw new Error(`search found ${ids.length} users, not 20`);
  if (parallel) await Promise.all(ids.map((id) => send(agent, restGet(detailPath(id)))));
  else for (const id of ids) await send(agent, restGet(detailPath(id)));
}

interface Target {
  name: string;
  kind: 'graphql' | 'rest' | 'floor' | 'mesh';
  /** Operations of more than one call, or whose client must match another's, run in the loop. */
  run: (connections: number, amount: number, seconds: number) => Promise<RoundResult>;
  /** Requests per connection in the calibration round. */
  calibrate: number;
}

const cannon = (name: string, kind: Target['kind'], spec: HttpRequestSpec, calibrate = 30): Target => ({
  name,
  kind,
  calibrate,
  run: (connections, amount) => autocannonRound(spec, connections, amount),
});
const loop = (name: string, kind: Target['kind'], op: (agent: http.Agent) => Promise<void>): Target => ({
  name,
  kind,
  calibrate: 0,
  run: (connections, _amount, seconds) =>
    loopRound(op, connections, seconds, kind === 'rest' ? REST_MAX_SOCKETS : connections),
});

interface Scenario {
  id: number;
  title: string;
  targets: Target[];
  /** What GraphQL Mesh cannot express here, shown in the table instead of a blank. */
  meshNotes?: string[];
}

const scenarios: Scenario[] = [
  {
    id: 1,
    title: 'one user with trading accounts',
    targets: [
      cannon('GraphQL user(id)', 'graphql', graphqlSpec(USER, { id: demoId }, adminToken)),
      cannon('REST GET detail', 'rest', restGet(detailPath(demoId))),
      cannon('floor (node:http)', 'floor', {
        url: `${floorUrl}/user/${demoId}`,
        method: 'GET',
        headers: {},
        ok: graphqlOk,
      }),
      cannon('GraphQL Mesh getUserDetail', 'mesh', meshSpec(MESH_USER_DETAIL, { userId: demoId })),
    ],
  },
  {
    id: 2,
    title: 'search 20 users with their trading accounts',
    targets: [
      loop('GraphQL users(search)', 'graphql', async (agent) => {
        await send(agent, searchSpec);
      }),
      loop('REST 21 calls, sequential', 'rest', (agent) => restSearch(agent, false)),
      loop('REST 21 calls, parallel', 'rest', (agent) => restSearch(agent, true)),
      loop('GraphQL Mesh search, then 20 aliased details (2 requests)', 'mesh', meshSearch),
    ],
    meshNotes: [`GraphQL Mesh in one query: not expressible (${MESH_NOT_EXPRESSIBLE.searchInOneQuery})`],
  },
  {
    id: 3,
    title: '_entities for 50 users',
    targets: [
      loop('GraphQL _entities x50', 'graphql', async (agent) => {
        await send(agent, entitiesSpec);
      }),
      loop('REST 50 details, parallel', 'rest', async (agent) => {
        await Promise.all(benchUserIds.slice(0, 50).map((id) => send(agent, restGet(detailPath(id)))));
      }),
    ],
    meshNotes: [`GraphQL Mesh: not expressible (${MESH_NOT_EXPRESSIBLE.entities})`],
  },
  {
    id: 4,
    title: 'login',
    targets: [
      cannon('GraphQL login', 'graphql', graphqlSpec(LOGIN, { input: loginInput }), 2),
      cannon(
        'REST POST login',
        'rest',
        {
          url: `${upstreamUrl}/v1/api/user/login`,
          method: 'POST',
          headers: { ...restHeaders, 'content-type': 'application/json' },
          body: JSON.stringify(loginInput),
          ok: restOk,
        },
        2,
      ),
      cannon('GraphQL Mesh login', 'mesh', meshSpec(MESH_LOGIN, { input: loginInput }), 2),
    ],
    meshNotes: [
      `GraphQL Mesh login answers the upstream's login data, not a session (${MESH_NOT_EXPRESSIBLE.sessions})`,
    ],
  },
];

// ---- measuring ----

interface Counters {
  total: number;
  connections: number;
}
interface Measured {
  scenario: number;
  title: string;
  delay: number;
  connections: number;
  target: Target;
  ops: number;
  seconds: number;
  failures: number;
  p50s: number[];
  p99s: number[];
  upstreamCalls: number;
  upstreamConnections: number;
  peakRssMb: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/**
 * A target's first use in the run starts with WARM_UP_SECONDS of load, not counted: the JIT needs a
 * few thousand requests to settle, and a short calibration left the GraphQL and Mesh processes (much
 * more code per request than a REST call) measured half-cold, at up to twice their warm CPU cost.
 */
const WARM_UP_SECONDS = 5;
const warmed = new Set<Target>();

async function warmUp(target: Target, connections: number): Promise<void> {
  if (target.calibrate === 0) {
    await target.run(connections, 0, WARM_UP_SECONDS);
    return;
  }
  const started = performance.now();
  while (performance.now() - started < WARM_UP_SECONDS * 1000) {
    await target.run(connections, connections * 50, 0);
  }
}

async function measure(scenario: Scenario, delay: number, connections: number): Promise<Measured[]> {
  await account.request('delay', { ms: delay });
  const rows = new Map<Target, Measured>();
  // Calibration (not counted): warms the processes and sizes the autocannon rounds.
  const amounts = new Map<Target, number>();
  for (const target of scenario.targets) {
    if (!smoke && !warmed.has(target)) {
      await warmUp(target, connections);
      warmed.add(target);
    }
    rows.set(target, {
      scenario: scenario.id,
      title: scenario.title,
      delay,
      connections,
      target,
      ops: 0,
      seconds: 0,
      failures: 0,
      p50s: [],
      p99s: [],
      upstreamCalls: 0,
      upstreamConnections: 0,
      peakRssMb: 0,
    });
    if (target.calibrate > 0) {
      const warm = await target.run(connections, connections * (smoke ? 1 : target.calibrate), 0);
      const row = rows.get(target);
      if (row) row.failures += warm.failures;
      amounts.set(target, Math.ceil((warm.ops / warm.seconds) * settings.seconds));
    } else if (!smoke) {
      await target.run(connections, 0, 0.5);
    }
  }
  for (let round = 0; round < settings.rounds; round++) {
    // Alternate the order too, so neither side always runs right after the other.
    const order = round % 2 === 0 ? scenario.targets : [...scenario.targets].reverse();
    for (const target of order) {
      const before = await account.request<Counters>('counters');
      const result = await target.run(connections, amounts.get(target) ?? 0, settings.seconds);
      const after = await account.request<Counters>('counters');
      const row = rows.get(target);
      if (!row) continue;
      row.ops += result.ops;
      row.seconds += result.seconds;
      row.failures += result.failures;
      row.p50s.push(result.p50);
      row.p99s.push(result.p99);
      row.upstreamCalls += after.total - before.total;
      row.upstreamConnections += after.connections - before.connections;
      const firstError = (result as { firstError?: string }).firstError;
      if (firstError) process.stderr.write(`  ${target.name}: ${firstError}\n`);
    }
  }
  const { peakRss } = await graphql.request<{ peakRss: number }>('memory');
  const { peakRss: meshPeakRss } = await mesh.request<{ peakRss: number }>('memory');
  for (const row of rows.values()) {
    row.peakRssMb = (row.target.kind === 'mesh' ? meshPeakRss : peakRss) / 1024 / 1024;
  }
  return [...rows.values()];
}

// ---- reporting ----

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const rate = (m: Measured) => m.ops / m.seconds;

function ratios(row: Measured, group: Measured[]): string {
  if (row.target.kind !== 'graphql') return '';
  return group
    .filter((m) => m !== row)
    .map((m) => {
      const versus =
        m.target.kind === 'floor'
          ? 'floor'
          : m.target.kind === 'mesh'
            ? 'Mesh'
            : m.target.name.replace(/^REST /, '');
      const added = median(row.p50s) - median(m.p50s);
      const p50 = m.target.kind === 'floor' ? '' : `, p50 ${added >= 0 ? '+' : ''}${fmt(added, 1)} ms`;
      return `${fmt(rate(row) / rate(m), 2)}x ${versus}${p50}`;
    })
    .join('; ');
}

function table(all: Measured[]): string {
  const lines = [
    '| # | Scenario | Delay | Conns | Target | ops/s | p50 ms | p99 ms | Upstream calls/op | New upstream conns/1k ops | Failed | Peak RSS MB (GraphQL, Mesh) | GraphQL ÷ other |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of all) {
    const group = all.filter(
      (m) => m.scenario === row.scenario && m.delay === row.delay && m.connections === row.connections,
    );
    lines.push(
      `| ${row.scenario} | ${row.title} | ${row.delay} ms | ${row.connections} | ${row.target.name} | ${fmt(rate(row))} | ${fmt(median(row.p50s), 1)} | ${fmt(median(row.p99s), 1)} | ${fmt(row.upstreamCalls / row.ops, 2)} | ${fmt((row.upstreamConnections / row.ops) * 1000, 1)} | ${row.failures} | ${row.target.kind === 'graphql' || row.target.kind === 'mesh' ? fmt(row.peakRssMb) : ''} | ${ratios(row, group)} |`,
    );
    // After a setting's last row: what Mesh cannot express there, instead of a blank.
    if (group[group.length - 1] === row) {
      for (const note of scenarios.find((s) => s.id === row.scenario)?.meshNotes ?? []) {
        lines.push(
          `| ${row.scenario} | ${row.title} | ${row.delay} ms | ${row.connections} | ${note} | | | | | | | | |`,
        );
      }
    }
  }
  return lines.join('\n');
}

function chart(all: Measured[], caption: string): string {
  const charted: ChartScenario[] = scenarios
    .filter((s) => all.some((m) => m.scenario === s.id))
    .map((s) => {
      const rows = all.filter((m) => m.scenario === s.id);
      const settingsSeen = [...new Set(rows.map((m) => `${m.delay} ms, ${m.connections} conns`))];
      return {
        id: s.id,
        title: s.title,
        notes: s.meshNotes ?? [],
        groups: settingsSeen.map((label) => ({
          label,
          bars: rows
            .filter((m) => `${m.delay} ms, ${m.connections} conns` === label)
            .map((m) => ({
              target: m.target.name,
              kind: m.target.kind,
              opsPerSec: rate(m),
              p99Ms: median(m.p99s),
            })),
        })),
      };
    });
  return renderChart(charted, caption);
}

const results: Measured[] = [];
const started = Date.now();
try {
  for (const scenario of scenarios) {
    if (only && !only.includes(scenario.id)) continue;
    for (const delay of settings.delays) {
      for (const connections of settings.connections) {
        process.stderr.write(`scenario ${scenario.id}, ${delay} ms delay, ${connections} connections\n`);
        results.push(...(await measure(scenario, delay, connections)));
      }
    }
  }
} finally {
  await stopAll();
}

const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()} ${os.release()}`;
const output = [
  `Benchmark of ${new Date(started).toISOString().slice(0, 10)} on ${machine}.`,
  `${settings.rounds} interleaved rounds of about ${settings.seconds} s per target; ${fmt((Date.now() - started) / 1000)} s in all.`,
  '',
  table(results),
  '',
].join('\n');
process.stdout.write(`\n${output}`);

const failed = results.filter((r) => r.failures > 0 || r.ops === 0);
for (const r of failed) {
  process.stderr.write(`FAILED: ${r.target.name} (${r.failures} failures, ${r.ops} successes)\n`);
}
if (!smoke && !partial) {
  const header = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see the Benchmark section of the README for what each scenario measures).',
    '',
  ].join('\n');
  await writeFile(new URL('./results.md', import.meta.url), `${header}\n${output}`);
  await writeFile(new URL('./results.svg', import.meta.url), chart(results, output.split('\n')[0] ?? ''));
  process.stderr.write('written to bench/results.md and bench/results.svg\n');
}
process.exit(failed.length > 0 ? 1 : 0);
