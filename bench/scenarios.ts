/**
 * The scenarios and, in each, the targets measured side by side: what each sends and how (autocannon
 * for one request, a loop of virtual clients for operations of several calls).
 */
import type http from 'node:http';
import { DEMO_USERS } from '../src/account-service/index.js';
import type { SystemKind } from './chart.js';
import { autocannonRound, type HttpRequestSpec, type LoopResult, loopRound, send } from './load.js';
import { MESH_LOGIN, MESH_NOT_EXPRESSIBLE, MESH_USER_DETAIL } from './mesh/operations.js';
import {
  detailPath,
  ENTITIES,
  graphqlOk,
  graphqlSpec,
  LOGIN,
  LOGIN_INPUT,
  meshSearchClient,
  meshSpec,
  restGet,
  restLogin,
  restSearch,
  SEARCH,
  SEARCH_VALUE,
  USER,
  userRepresentations,
} from './requests.js';

/** Every scenario's id, in the order they run. */
export const SCENARIO_IDS = ['1', '2', '3', '4'] as const;

export interface Target {
  name: string;
  kind: SystemKind;
  run: (connections: number, amount: number, seconds: number) => Promise<LoopResult>;
  /** Requests per connection in the calibration round; 0 for a loop, which runs for a time instead. */
  calibrate: number;
  /** The comparison tables' words on this row, e.g. "in two requests". */
  figureNote?: string;
}

export interface Scenario {
  /** `1`..`4`; what --only takes and the table's first column. */
  id: string;
  title: string;
  /** The connection counts of a full run, each at every delay. */
  connections: number[];
  targets: Target[];
  /** Table rows for what a system cannot express here, instead of a blank. */
  notes: string[];
  /** The comparison tables' cell for a system without a row here. */
  missing?: Partial<Record<SystemKind, string>>;
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
  floorUrl: string;
  meshUrl: string;
}

/** The load generator's own sockets to the account service: as many as its clients need. */
const REST_MAX_SOCKETS = 256;

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

/** A loop target whose operation is one request. */
const loopOne = (name: string, kind: SystemKind, spec: HttpRequestSpec): Target =>
  loop(name, kind, async (agent) => {
    await send(agent, spec);
  });

export function defineScenarios(endpoints: Endpoints): Scenario[] {
  const { upstreamUrl, graphql, floorUrl, meshUrl } = endpoints;
  const demoId = DEMO_USERS.demo.id;
  const entityIds = endpoints.benchUserIds.slice(0, 50);
  return [
    {
      id: '1',
      title: 'one user with trading accounts',
      connections: [10, 100],
      targets: [
        cannon(
          'GraphQL user(id)',
          'graphql',
          graphqlSpec(graphql.url, USER, { id: demoId }, graphql.adminToken),
        ),
        cannon('REST GET detail', 'rest', restGet(upstreamUrl, detailPath(demoId))),
        cannon('floor (node:http)', 'floor', floorSpec(floorUrl, demoId)),
        cannon('GraphQL Mesh getUserDetail', 'mesh', meshSpec(meshUrl, MESH_USER_DETAIL, { userId: demoId })),
      ],
      notes: [],
    },
    {
      id: '2',
      title: 'search 20 users with their trading accounts',
      connections: [10, 100],
      targets: [
        loopOne(
          'GraphQL users(search)',
          'graphql',
          graphqlSpec(graphql.url, SEARCH, { value: SEARCH_VALUE }, graphql.adminToken),
        ),
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
      ],
      notes: [`GraphQL Mesh in one query: not expressible (${MESH_NOT_EXPRESSIBLE.searchInOneQuery})`],
    },
    {
      id: '3',
      title: '_entities for 50 users',
      connections: [10, 100],
      targets: [
        loopOne(
          'GraphQL _entities x50',
          'graphql',
          graphqlSpec(graphql.url, ENTITIES, userRepresentations(entityIds), graphql.adminToken),
        ),
        loop('REST 50 details, parallel', 'rest', async (agent) => {
          await Promise.all(entityIds.map((id) => send(agent, restGet(upstreamUrl, detailPath(id)))));
        }),
      ],
      notes: [`GraphQL Mesh: not expressible (${MESH_NOT_EXPRESSIBLE.entities})`],
      missing: { mesh: 'not expressible: no entities' },
    },
    {
      id: '4',
      title: 'login',
      connections: [10, 100],
      targets: [
        cannon('GraphQL login', 'graphql', graphqlSpec(graphql.url, LOGIN, { input: LOGIN_INPUT }), 2),
        cannon('REST POST login', 'rest', restLogin(upstreamUrl), 2),
        cannon('GraphQL Mesh login', 'mesh', meshSpec(meshUrl, MESH_LOGIN, { input: LOGIN_INPUT }), 2),
      ],
      notes: [
        `GraphQL Mesh login answers the upstream's login data, not a session (${MESH_NOT_EXPRESSIBLE.sessions})`,
      ],
    },
  ];
}

const floorSpec = (floorUrl: string, userId: string): HttpRequestSpec => ({
  url: `${floorUrl}/user/${userId}`,
  method: 'GET',
  headers: {},
  ok: graphqlOk,
});

/** The floor must answer exactly what the GraphQL layer answers, or it is not a floor. */
export async function checkFloor(endpoints: Endpoints): Promise<void> {
  const { graphql, floorUrl } = endpoints;
  const agent = new (await import('node:http')).Agent();
  const id = DEMO_USERS.demo.id;
  const viaGraphQL = await send(agent, graphqlSpec(graphql.url, USER, { id }, graphql.adminToken));
  const viaFloor = await send(agent, floorSpec(floorUrl, id));
  agent.destroy();
  if (viaGraphQL.trim() !== viaFloor.trim())
    throw new Error(`the floor answers differently:\n${viaGraphQL}\n${viaFloor}`);
}
