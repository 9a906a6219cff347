/**
 * The whole stack for tests: the real embedded account service (in-memory SQLite, demo data) and the
 * GraphQL server, plus small helpers to send it GraphQL: over HTTP on port 0, or, with `inProcess`,
 * straight through the server's in-process execute (the whole GraphQL pipeline, no HTTP layer).
 */

import type { DestinationStream } from 'pino';
import {
  type AccountService,
  DEMO_USERS,
  DEV_TENANT,
  startAccountService,
} from '../../src/account-service/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/server.js';
import { contractHook } from './contract.js';

// biome-ignore lint/suspicious/noExplicitAny: each test's query defines the shape it walks; typing every one adds noise, not safety.
export type Json = any;

export interface GraphQLResponse<T = Record<string, Json>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
  headers: Headers;
}

export interface Stack {
  service: AccountService;
  server: GraphQLServer;
  gql<T = Record<string, Json>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
  /** Signs in and returns the session token. */
  login(loginName: string, password: string): Promise<string>;
  demoToken(): Promise<string>;
  adminToken(): Promise<string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Latency the account service adds before every answer, so tests can observe concurrency. */
  serviceDelayMs?: number;
  /** Captures the GraphQL server's log lines (at `logLevel`, default info) instead of muting them. */
  logStream?: DestinationStream;
  logLevel?: string;
  /** Captures the account service's log lines (at `logLevel`); without it the service logs nothing. */
  serviceLogStream?: DestinationStream;
  /**
   * The server does not listen: `gql` runs operations in process (no HTTP status line, headers or
   * body limits: for tests of the schema, not of the HTTP face).
   */
  inProcess?: boolean;
}

export async function startStack(
  env: Record<string, string> = {},
  options: StackOptions = {},
): Promise<Stack> {
  const service = await startAccountService({
    dbPath: ':memory:',
    tenants: [DEV_TENANT],
    demoData: true,
    delayMs: options.serviceDelayMs ?? 0,
    // Every answer is checked against the OpenAPI document (test/helpers/contract.ts).
    onResponse: contractHook,
    ...(options.serviceLogStream
      ? { logger: createLogger(options.logLevel ?? 'info', options.serviceLogStream) }
      : {}),
  });
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    SESSION_SECRET: 'test-session-secret-that-is-long-enough',
    EXPOSE_CODES: 'false',
    ADMIN_USER_IDS: DEMO_USERS.admin.id,
    ...env,
  });
  const server = await createGraphQLServer(
    config,
    options.logStream
      ? createLogger(options.logLevel ?? 'info', options.logStream)
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    {
      embeddedUpstream: { url: service.url, tenantId: DEV_TENANT.id, apiKey: DEV_TENANT.apiKey },
      // As main.ts does against the embedded service's demo data in development.
      ...(config.devMode
        ? { playgroundLogin: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password } }
        : {}),
    },
  );

  if (!options.inProcess) await server.listen();

  const execute: Stack['gql'] = async (query, variables, token, headers = {}) => {
    const { status, result } = await server.execute(
      { query, variables },
      {
        ...(token ? { token } : {}),
        ...(headers['x-forwarded-for'] ? { clientAddress: headers['x-forwarded-for'] } : {}),
      },
    );
    return { ...result, status, headers: new Headers() } as GraphQLResponse<Json>;
  };

  const overHttp: Stack['gql'] = async (query, variables, token, headers = {}) => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
    return { ...body, status: res.status, headers: res.headers } as GraphQLResponse<Json>;
  };

  const gql = options.inProcess ? execute : overHttp;

  const login = async (loginName: string, password: string) => {
    const res = await gql(
      `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Session { token } ... on Error { message } } }`,
      { input: { loginName, password } },
    );
    const result = res.data?.login;
    if (result?.__typename !== 'Session') throw new Error(`login failed: ${JSON.stringify(res)}`);
    return result.token as string;
  };

  return {
    service,
    server,
    gql,
    login,
    demoToken: () => login(DEMO_USERS.demo.phone, DEMO_USERS.demo.password),
    adminToken: () => login(DEMO_USERS.admin.email, DEMO_USERS.admin.password),
    async stop() {
      await server.stop();
      await service.close();
    },
  };
}
