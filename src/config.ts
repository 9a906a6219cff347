/**
 * Every environment variable of the GraphQL layer, parsed once with zod. The process refuses to start
 * with a clear message when a variable is malformed or a production secret is missing.
 */
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/**
 * A secret a client sends in a header. Node trims header values, so one that starts or ends with
 * whitespace could never match: refused at start. The messages never quote the secret.
 */
const headerSecret = (name: string, minLength: number) =>
  z
    .string()
    .min(minLength, `${name} must be at least ${minLength} characters`)
    .refine(
      (secret) => secret === secret.trim(),
      `${name} starts or ends with whitespace, which no header can carry: remove it`,
    );

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  LWORK_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  LWORK_TENANT_ID: z.string().min(1).optional(),
  LWORK_API_KEY: z.string().min(1).optional(),
  LWORK_CONNECT_TIMEOUT_MS: int(1, 60_000).default(1_000),
  LWORK_REQUEST_TIMEOUT_MS: int(1, 120_000).default(5_000),
  LWORK_GET_RETRIES: int(0, 5).default(2),
  LWORK_MAX_SOCKETS: int(1, 10_000).default(128),
  LWORK_LOADER_CONCURRENCY: int(1, 256).default(64),

  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_SECONDS: int(60, 30 * 24 * 3600).default(12 * 3600),
  ADMIN_USER_IDS: csv.optional(),
  EXPOSE_CODES: bool.optional(),
  GRAPHQL_INTROSPECTION: bool.optional(),
  GRAPHQL_PLAYGROUND: bool.optional(),
  GRAPHQL_REQUEST_TIMEOUT_MS: int(100, 600_000).default(15_000),
  GRAPHQL_MAX_BODY_BYTES: int(1_024, 10 * 1024 * 1024).default(100 * 1024),
  GRAPHQL_MAX_DEPTH: int(1, 100).default(15),
  GRAPHQL_MAX_ALIASES: int(0, 1_000).default(30),
  GRAPHQL_MAX_DIRECTIVES: int(0, 1_000).default(20),
  GRAPHQL_MAX_COST: int(1, 1_000_000).default(5_000),
  GRAPHQL_MAX_TOKENS: int(100, 1_000_000).default(3_000),
  GRAPHQL_BATCHING: bool.optional(),
  GRAPHQL_MAX_BATCH: int(1, 100).default(5),
  GRAPHQL_MAX_ENTITIES: int(1, 10_000).default(200),
  GRAPHQL_SCHEMA_DETAILS_IN_ERRORS: bool.optional(),
  GRAPHQL_TRUSTED_DOCUMENTS: csv.optional(),
  GRAPHQL_TRUSTED_DOCUMENTS_ONLY: bool.optional(),
  GRAPHQL_ROUTER_TOKEN: headerSecret('GRAPHQL_ROUTER_TOKEN', 32).optional(),
  LWORK_BREAKER_THRESHOLD: int(1, 1_000).default(5),
  LWORK_BREAKER_COOLDOWN_MS: int(100, 600_000).default(5_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_COMMAND_TIMEOUT_MS: int(10, 10_000).default(250),
  READINESS_TIMEOUT_MS: int(50, 60_000).default(800),
  ATTEMPT_LIMITS: bool.optional(),
  TRUST_PROXY_HOPS: int(0, 10).default(0),
  METRICS_ENABLED: bool.optional(),
  METRICS_TOKEN: headerSecret('METRICS_TOKEN', 16).optional(),
});

export type Env = z.infer<typeof envSchema>;

/** Limits on one operation, checked before it runs (server/query-limits.ts). */
export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Enforced by the parser (graphql's maxTokens), before validation. */
  maxTokens: number;
}

/** The account service the layer calls: where, and with which tenant credentials. */
export interface UpstreamTarget {
  url: string;
  tenantId: string;
  apiKey: string;
}

export interface Config {
  env: Env['NODE_ENV'];
  /** Not production and the embedded upstream: EXPOSE_CODES on by default; main.ts adds the demo admin. */
  devMode: boolean;
  host: string;
  port: number;
  logLevel: Env['LOG_LEVEL'];
  /** A remote account service (LWORK_API_URL and its credentials), or the embedded one main.ts starts. */
  upstream: ({ kind: 'remote' } & UpstreamTarget) | { kind: 'embedded' };
  /** How the upstream client calls it. */
  upstreamClient: {
    connectTimeoutMs: number;
    requestTimeoutMs: number;
    getRetries: number;
    maxSockets: number;
  };
  loaderConcurrency: number;
  session: { secret: string | undefined; ttlSeconds: number };
  /** ADMIN_USER_IDS; undefined when unset (main.ts then names the embedded service's demo admin). */
  adminUserIds: readonly string[] | undefined;
  /** Whether requestPhoneCode may hand the code to a non-admin caller. */
  exposeCodes: boolean;
  introspection: boolean;
  /**
   * The offline GraphiQL page at GET /graphql (browsers) and its assets under /playground/; off by
   * default in production and under the trusted-documents allow-list, which refuses its text.
   */
  playground: boolean;
  maxBodyBytes: number;
  /** The most one GraphQL request may spend on upstream calls, retries and queueing included. */
  requestTimeoutMs: number;
  limits: QueryLimits & { batching: boolean; maxBatch: number; maxEntities: number };
  /** Field suggestions ("Did you mean ...?") in validation errors. */
  schemaDetailsInErrors: boolean;
  /**
   * Operations by id from the manifests a frontend ships (server/trusted-documents.ts); with `only`,
   * nothing else runs, except for a router that presents `routerToken`.
   */
  trustedDocuments: { manifests: readonly string[]; only: boolean; routerToken: string | undefined };
  breaker: { threshold: number; cooldownMs: number };
  /** Attempt limits on login and codes. */
  attempts: { enabled: boolean };
  /**
   * Shares attempt counters and session revocations between instances; past the command timeout
   * Redis counts as down and each instance uses its own memory until it answers again.
   */
  redis: { url: string | undefined; commandTimeoutMs: number };
  /** The longest /readyz waits for the upstream before answering 503 `timeout`. */
  readinessTimeoutMs: number;
  /** Proxies in front that append to X-Forwarded-For; 0 trusts only the socket peer. */
  trustedProxyHops: number;
  /** GET /metrics; behind `Authorization: Bearer <token>` when a token is set. */
  metrics: { enabled: boolean; token: string | undefined };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(stripEmpty(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (e.LWORK_API_URL && (!e.LWORK_TENANT_ID || !e.LWORK_API_KEY)) {
    problems.push('LWORK_API_URL is set: LWORK_TENANT_ID and LWORK_API_KEY are required too');
  }
  if (production && !e.LWORK_API_URL) problems.push('NODE_ENV=production requires LWORK_API_URL');
  if (production && !e.SESSION_SECRET) problems.push('NODE_ENV=production requires SESSION_SECRET');
  if (production && e.EXPOSE_CODES) problems.push('EXPOSE_CODES cannot be on in production');
  if (e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY && !e.GRAPHQL_TRUSTED_DOCUMENTS?.length)
    problems.push('GRAPHQL_TRUSTED_DOCUMENTS_ONLY needs GRAPHQL_TRUSTED_DOCUMENTS: the manifests to allow');
  // Without manifests there is no allow-list for the token to let the router past: a token set
  // alone is a deploy that forgot the manifests, and would fail silently open.
  if (e.GRAPHQL_ROUTER_TOKEN && !e.GRAPHQL_TRUSTED_DOCUMENTS?.length)
    problems.push(
      'GRAPHQL_ROUTER_TOKEN needs GRAPHQL_TRUSTED_DOCUMENTS: the token lets the router past their allow-list',
    );
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);

  // The demo conveniences need the embedded account service: a real upstream (even with NODE_ENV
  // unset) never gets codes handed out or the demo admin.
  const demo = !production && !e.LWORK_API_URL;
  return {
    env: e.NODE_ENV,
    devMode: demo,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    upstream:
      e.LWORK_API_URL && e.LWORK_TENANT_ID && e.LWORK_API_KEY
        ? {
            kind: 'remote',
            url: e.LWORK_API_URL.replace(/\/+$/, ''),
            tenantId: e.LWORK_TENANT_ID,
            apiKey: e.LWORK_API_KEY,
          }
        : { kind: 'embedded' },
    upstreamClient: {
      connectTimeoutMs: e.LWORK_CONNECT_TIMEOUT_MS,
      requestTimeoutMs: e.LWORK_REQUEST_TIMEOUT_MS,
      getRetries: e.LWORK_GET_RETRIES,
      maxSockets: e.LWORK_MAX_SOCKETS,
    },
    // One request may hold at most half the sockets: a second request always finds room, and a
    // lowered LWORK_MAX_SOCKETS lowers one request's burst with it.
    loaderConcurrency: Math.min(e.LWORK_LOADER_CONCURRENCY, Math.max(1, Math.floor(e.LWORK_MAX_SOCKETS / 2))),
    session: { secret: e.SESSION_SECRET, ttlSeconds: e.SESSION_TTL_SECONDS },
    adminUserIds: e.ADMIN_USER_IDS,
    exposeCodes: e.EXPOSE_CODES ?? demo,
    introspection: e.GRAPHQL_INTROSPECTION ?? !production,
    // The playground sends text, which the allow-list refuses: off by default with it on.
    playground: e.GRAPHQL_PLAYGROUND ?? (!production && !e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY),
    maxBodyBytes: e.GRAPHQL_MAX_BODY_BYTES,
    requestTimeoutMs: e.GRAPHQL_REQUEST_TIMEOUT_MS,
    limits: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
      maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      batching: e.GRAPHQL_BATCHING ?? false,
      maxBatch: e.GRAPHQL_MAX_BATCH,
      maxEntities: e.GRAPHQL_MAX_ENTITIES,
    },
    schemaDetailsInErrors: e.GRAPHQL_SCHEMA_DETAILS_IN_ERRORS ?? !production,
    trustedDocuments: {
      manifests: e.GRAPHQL_TRUSTED_DOCUMENTS ?? [],
      only: e.GRAPHQL_TRUSTED_DOCUMENTS_ONLY ?? false,
      routerToken: e.GRAPHQL_ROUTER_TOKEN,
    },
    breaker: { threshold: e.LWORK_BREAKER_THRESHOLD, cooldownMs: e.LWORK_BREAKER_COOLDOWN_MS },
    attempts: { enabled: e.ATTEMPT_LIMITS ?? true },
    redis: { url: e.REDIS_URL, commandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS },
    readinessTimeoutMs: e.READINESS_TIMEOUT_MS,
    trustedProxyHops: e.TRUST_PROXY_HOPS,
    // Off in production unless asked for (METRICS_ENABLED, or a METRICS_TOKEN to protect them).
    metrics: {
      enabled: e.METRICS_ENABLED ?? (!production || e.METRICS_TOKEN !== undefined),
      token: e.METRICS_TOKEN,
    },
  };
}

/** `FOO=` in a shell or .env file means "unset", not "empty string". */
function stripEmpty(source: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') out[k] = v;
  return out;
}
