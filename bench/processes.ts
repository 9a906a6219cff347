/**
 * The benchmark's child processes, each in its own Node process so their CPU does not mix: the
 * account service (the upstream, seeded), the GraphQL layer with production settings (and a baseline
 * checkout's, with --baseline), the floor server, GraphQL Mesh on Hive Gateway and the hand-written
 * Apollo BFF.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_USERS, DEV_TENANT } from '../src/account-service/index.js';
import type { SystemKind } from './chart.js';
import { buildGraphQLChild, GRAPHQL_NODE_FLAGS, prepareBaseline } from './graphql-build.js';
import { type Child, startChild } from './ipc.js';

export interface BenchProcesses {
  account: Child;
  upstreamUrl: string;
  /** The seeded users' ids. */
  benchUserIds: string[];
  graphql: Child;
  /** The baseline checkout's GraphQL layer, with --baseline. */
  baseline?: Child;
  floor: Child;
  mesh: Child;
  bff: Child;
  /** The server process a kind of target measures, if it has one whose memory is reported. */
  serverOf(kind: SystemKind): Child | undefined;
  stopAll(): Promise<void>;
}

export async function startProcesses(options: {
  cpuProf: boolean;
  baseline?: string;
}): Promise<BenchProcesses> {
  // Before any process starts: a baseline that cannot be built is a mistake to report at once.
  const baselineChild = options.baseline ? buildGraphQLChild(prepareBaseline(options.baseline)) : undefined;
  const children: Child[] = [];
  const started = async (child: Promise<Child>) => {
    const c = await child;
    children.push(c);
    return c;
  };
  const stopAll = async () => {
    await Promise.all(children.map((c) => c.stop()));
  };
  try {
    const account = await started(
      startChild('./account-service-child.ts', { NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    );
    const upstreamUrl = String(account.ready.url);
    const upstreamEnv = {
      LWORK_API_URL: upstreamUrl,
      LWORK_TENANT_ID: DEV_TENANT.id,
      LWORK_API_KEY: DEV_TENANT.apiKey,
    };
    const graphql = await started(
      startChild(buildGraphQLChild(), graphqlEnv(upstreamEnv), [
        ...GRAPHQL_NODE_FLAGS,
        ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(import.meta.dirname, 'profiles')}`] : []),
      ]),
    );
    const baseline = baselineChild
      ? await started(startChild(baselineChild, graphqlEnv(upstreamEnv), GRAPHQL_NODE_FLAGS))
      : undefined;
    const floor = await started(startChild('./floor-server.ts', upstreamEnv));
    const mesh = await started(
      startChild('./mesh/gateway-child.ts', { ...upstreamEnv, NODE_ENV: 'production' }),
    );
    const bff = await started(
      startChild('./apollo-bff/child.ts', { ...upstreamEnv, NODE_ENV: 'production' }),
    );
    const servers: Partial<Record<SystemKind, Child>> = { graphql, baseline, mesh, bff };
    return {
      account,
      upstreamUrl,
      benchUserIds: account.ready.userIds as string[],
      graphql,
      baseline,
      floor,
      mesh,
      bff,
      serverOf: (kind) => servers[kind],
      stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The GraphQL layer's environment: production, as `npm start` would run it, less what the load defeats. */
function graphqlEnv(upstreamEnv: Record<string, string>): Record<string, string> {
  return {
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
  };
}
