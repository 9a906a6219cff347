/**
 * The scenarios and, in each, the targets measured side by side: what each sends and how (autocannon
 * for one request, a loop of virtual clients for operations of several calls). The GraphQL servers
 * that answer the layer's documents (the layer, a baseline's, the Apollo BFF) get the same targets;
 * REST, the floor and Mesh theirs.
 */
import type http from 'node:http';
import { DEMO_USERS } from '../src/account-service/index.js';
import { BFF_DIFFERS, BFF_LOGIN } from './apollo-bff/operations.js';
import type { SystemKind } from './chart.js';
import {
  autocannonRound,
  type HttpRequestSpec,
  type LoopResult,
  loopRound,
  send,
  startLoop,
} from './load.js';
import { MESH_LOGIN, MESH_NOT_EXPRESSIBLE, MESH_USER_DETAIL } from './mesh/operations.js';
import { ENTITIES, LOGIN, SEARCH, USER, userRepresentations } from './operations.js';
import {
  detailPath,
  graphqlOk,
  graphqlSpec,
  LOGIN_INPUT,
  meshSearchClient,
  meshSpec,
  restGet,
  restLogin,
  restSearch,
  SEARCH_VALUE,
} from './requests.js';

/** Every scenario's id, in the order they run. */
export const SCENARIO_IDS = ['1', '2', '3', '4', '1+3'] as const;

/** What a table row is about: a target, or the load a target runs beside it. */
export interface Row {
  name: string;
  kind: SystemKind;
  /** Its own connection count, whatever the setting's (the fairness scenario's small query). */
  connections?: number;
  /** The comparison tables' words on this row, e.g. "in two requests". */
  figureNote?: string;
  /** The fairness scenario: the same query alone, whose p50 this row's is compared with. */
  alone?: Row;
}

export type TargetResult = LoopResult & {
  /** The load run beside the measured one, if any. */
  background?: LoopResult;
};

export interface Target extends Row {
  run: (connections: number, amount: number, seconds: number) => Promise<TargetResult>;
  /** Requests per connection in the calibration round; 0 for a loop, which runs for a time instead. */
  calibrate: number;
  /**
   * The load this target runs beside its own, reported as a row of its own. The account service's
   * counters then count both, so neither row has upstream calls or connections per operation.
   */
  background?: Row;
}

export interface Scenario {
  /** What --only takes and the table's first column. */
  id: (typeof SCENARIO_IDS)[number];
  title: string;
  /** The connection counts of a full run, each at every delay. */
  connections: number[];
  targets: Target[];
  /** Table rows for what a system cannot express or does differently here. */
  notes: string[];
  /** The comparison tables' cell for a system without a row here. */
  missing?: Partial<Record<SystemKind, string>>;
  /** The last column: GraphQL over each other target, or (fairness) each small query alone vs beside. */
  compare?: 'fairness';
}

/** A GraphQL layer under test, signed in as the demo admin. */
export interface Layer {
  url: string;
  adminToken: string;
}

/** Where the targets listen, as the started processes report it. */
export interface Endpoints {
  upstreamUrl: string;
  /** The 60 seeded users' ids. */
  benchUserIds: string[];
  graphql: Layer;
  /** The baseline checkout's layer, with --baseline. */
  baseline?: Layer;
  floorUrl: string;
  meshUrl: string;
  bffUrl: string;
}

/** The load generator's own sockets to the account service: as many as its clients need. */
const REST_MAX_SOCKETS = 256;

/**
 * How long the batches of the fairness scenario run before the small query's round starts: long
 * enough for their upstream calls to queue in the layer.
 */
const FAIRNESS_SETTLE_MS = 300;

const cannon = (name: string, kind: SystemKind, spec: HttpRequestSpec, calibrate = 30): Target => ({
  name,
  kind,
  calibrate,
  run: (connections, amount) => autocannonRound(spec, connections, amount),
});

const loop = (name: string, kind: SystemKind, op: (agent: http.Agent) => Promise<void>): Target => ({
  name,
  kind,
  calibrate: 0,
  run: (connections, _amount, seconds) =>
    loopRound(op, connections, seconds, kind === 'rest' ? REST_MAX_SOCKETS : connections),
});

const one =
  (spec: HttpRequestSpec) =>
  async (agent: http.Agent): Promise<void> => {
    await send(agent, spec);
  };

/** A loop target whose operation is one request. */
const loopOne = (name: string, kind: SystemKind, spec: HttpRequestSpec): Target =>
  loop(name, kind, one(spec));

/** The GraphQL servers that answer the layer's documents: this layer, the baseline's, the Apollo BFF. */
interface GraphQLSystem {
  /** How the target names start. */
  label: string;
  kind: SystemKind;
  url: string;
  /** The admin session, where the server has sessions. */
  token?: string;
}

/**
 * Scenario 1+3: one client's `user(id)`, alone and beside `_entities` batches on the same server, so a
 * large batch is seen not to starve small queries (or to).
 */
function fairnessTargets(system: GraphQLSystem, user: HttpRequestSpec, batch: HttpRequestSpec): Target[] {
  const { label, kind } = system;
  const small = one(user);
  const alone: Target = {
    name: `${label} user(id), alone`,
    kind,
    connections: 1,
    calibrate: 0,
    run: (_connections, _amount, seconds) => loopRound(small, 1, seconds, 1),
  };
  const beside: Target = {
    name: `${label} user(id) beside _entities x50`,
    kind,
    connections: 1,
    calibrate: 0,
    alone,
    background: { name: `${label} _entities x50 beside user(id)`, kind },
    run: async (connections, _amount, seconds) => {
      const load = startLoop(one(batch), connections, connections);
      await new Promise((resolve) => setTimeout(resolve, FAIRNESS_SETTLE_MS));
      const result = await loopRound(small, 1, seconds, 1);
      return { ...result, background: await load.stop() };
    },
  };
  return [alone, beside];
}

export function defineScenarios(endpoints: Endpoints): Scenario[] {
  const { upstreamUrl, graphql, baseline, floorUrl, meshUrl, bffUrl } = endpoints;
  const demoId = DEMO_USERS.demo.id;
  const entityIds = endpoints.benchUserIds.slice(0, 50);
  const layers: GraphQLSystem[] = [
    { label: 'GraphQL', kind: 'graphql', url: graphql.url, token: graphql.adminToken },
    ...(baseline
      ? [
          {
            label: 'GraphQL (baseline)',
            kind: 'baseline' as const,
            url: baseline.url,
            token: baseline.adminToken,
          },
        ]
      : []),
  ];
  const bff: GraphQLSystem = { label: 'Apollo BFF', kind: 'bff', url: bffUrl };
  const userSpec = (s: GraphQLSystem) => graphqlSpec(s.url, USER, { id: demoId }, s.token);
  const searchSpec = (s: GraphQLSystem) => graphqlSpec(s.url, SEARCH, { value: SEARCH_VALUE }, s.token);
  const entitiesSpec = (s: GraphQLSystem) =>
    graphqlSpec(s.url, ENTITIES, userRepresentations(entityIds), s.token);
  return [
    {
      id: '1',
      title: 'one user with trading accounts',
      connections: [10, 100],
      targets: [
        ...layers.map((l) => cannon(`${l.label} user(id)`, l.kind, userSpec(l))),
        cannon('REST GET detail', 'rest', restGet(upstreamUrl, detailPath(demoId))),
        cannon('floor (node:http)', 'floor', floorSpec(floorUrl, demoId)),
        cannon('GraphQL Mesh getUserDetail', 'mesh', meshSpec(meshUrl, MESH_USER_DETAIL, { userId: demoId })),
        cannon('Apollo BFF user(id)', 'bff', userSpec(bff)),
      ],
      notes: [],
    },
    {
      id: '2',
      title: 'search 20 users with their trading accounts',
      connections: [10, 100],
      targets: [
        ...layers.map((l) => loopOne(`${l.label} users(search)`, l.kind, searchSpec(l))),
        loop('REST 21 calls, sequential', 'rest', (agent) => restSearch(agent, upstreamUrl, false)),
        loop('REST 21 calls, parallel', 'rest', (agent) => restSearch(agent, upstreamUrl, true)),
        {
          ...loop(
            'GraphQL Mesh search, then 20 aliased details (2 requests)',
            'mesh',
            meshSearchClient(meshUrl),
          ),
          figureNote: 'in two requests',
        },
        { ...loopOne('Apollo BFF users(search)', 'bff', searchSpec(bff)), figureNote: '21 upstream calls' },
      ],
      notes: [`GraphQL Mesh in one query: not expressible (${MESH_NOT_EXPRESSIBLE.searchInOneQuery})`],
    },
    {
      id: '3',
      title: '_entities for 50 users',
      // One connection: one router batch at a time, the latency a single entity fetch costs.
      connections: [1, 10, 100],
      targets: [
        ...layers.map((l) => loopOne(`${l.label} _entities x50`, l.kind, entitiesSpec(l))),
        loop('REST 50 details, parallel', 'rest', async (agent) => {
          await Promise.all(entityIds.map((id) => send(agent, restGet(upstreamUrl, detailPath(id)))));
        }),
        loopOne('Apollo BFF _entities x50', 'bff', entitiesSpec(bff)),
      ],
      notes: [`GraphQL Mesh: not expressible (${MESH_NOT_EXPRESSIBLE.entities})`],
      missing: { mesh: 'not expressible: no entities' },
    },
    {
      id: '4',
      title: 'login',
      connections: [10, 100],
      targets: [
        ...layers.map((l) =>
          cannon(`${l.label} login`, l.kind, graphqlSpec(l.url, LOGIN, { input: LOGIN_INPUT }), 2),
        ),
        cannon('REST POST login', 'rest', restLogin(upstreamUrl), 2),
        cannon('GraphQL Mesh login', 'mesh', meshSpec(meshUrl, MESH_LOGIN, { input: LOGIN_INPUT }), 2),
        cannon('Apollo BFF login', 'bff', graphqlSpec(bffUrl, BFF_LOGIN, { input: LOGIN_INPUT }), 2),
      ],
      notes: [
        `GraphQL Mesh login answers the upstream's login data, not a session (${MESH_NOT_EXPRESSIBLE.sessions})`,
        `Apollo BFF login answers the upstream's login data, not a session (${BFF_DIFFERS.sessions})`,
      ],
    },
    {
      id: '1+3',
      title: 'user(id) at 1 connection, alone and beside _entities x50 (conns: the batches)',
      // The batches' connections; the small query always runs on one.
      connections: [10],
      targets: [...layers, bff].flatMap((s) => fairnessTargets(s, userSpec(s), entitiesSpec(s))),
      notes: [],
      compare: 'fairness',
    },
  ];
}

const floorSpec = (floorUrl: string, userId: string): HttpRequestSpec => ({
  url: `${floorUrl}/user/${userId}`,
  method: 'GET',
  headers: {},
  ok: graphqlOk,
});

/**
 * The floor must answer exactly what the GraphQL layer answers, or it is not a floor; the Apollo BFF
 * too, or it does other work. A baseline that answers differently is reported, not refused: the
 * difference may be the change under test.
 */
export async function checkSameAnswers(endpoints: Endpoints): Promise<void> {
  const { graphql, baseline, floorUrl, bffUrl } = endpoints;
  const agent = new (await import('node:http')).Agent();
  const id = DEMO_USERS.demo.id;
  try {
    const viaGraphQL = (await send(agent, graphqlSpec(graphql.url, USER, { id }, graphql.adminToken))).trim();
    for (const [name, spec] of [
      ['the floor', floorSpec(floorUrl, id)],
      ['the Apollo BFF', graphqlSpec(bffUrl, USER, { id })],
    ] as const) {
      const answer = (await send(agent, spec)).trim();
      if (answer !== viaGraphQL) throw new Error(`${name} answers differently:\n${viaGraphQL}\n${answer}`);
    }
    if (baseline) {
      const answer = (await send(agent, graphqlSpec(baseline.url, USER, { id }, baseline.adminToken))).trim();
      if (answer !== viaGraphQL) {
        process.stderr.write(`note: the baseline answers user(id) differently:\n${viaGraphQL}\n${answer}\n`);
      }
    }
  } finally {
    agent.destroy();
  }
}
