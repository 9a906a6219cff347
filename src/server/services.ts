/**
 * The services one server runs on, built in one place and closed in one place: the upstream client,
 * sessions and their revocations, attempt limits, metrics and readiness. Requests get their context
 * from these (context.ts); nothing here is per request.
 */
import type { Logger } from 'pino';
import type { Revocations } from '../auth/revocations.js';
import { createSessionSigner, ephemeralSecret, type SessionSigner } from '../auth/session.js';
import type { Config, UpstreamTarget } from '../config.js';
import {
  type AttemptLimiter,
  createAttemptLimiter,
  DEFAULT_POLICIES,
  unlimitedAttempts,
} from '../limits/attempt-limiter.js';
import { createMetrics, type Metrics } from '../observability/metrics.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream/client.js';
import { createReadiness, type Readiness } from './readiness.js';
import { createSharedStores } from './shared-stores.js';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';

export interface Services {
  upstream: UpstreamClient;
  sessions: SessionSigner;
  /** User ids with admin rights. */
  admins: ReadonlySet<string>;
  revocations: Revocations;
  attempts: AttemptLimiter;
  /** Undefined when metrics are off. */
  metrics: Metrics | undefined;
  readiness: Readiness;
  /** The manifests of GRAPHQL_TRUSTED_DOCUMENTS; undefined when none is configured. */
  trustedDocuments: TrustedDocuments | undefined;
  /** Releases the upstream sockets and the shared stores (after the last request). */
  close(): Promise<void>;
}

export async function createServices(
  config: Config,
  target: UpstreamTarget,
  logger: Logger,
  access: { admins: readonly string[] },
): Promise<Services> {
  let metrics: Metrics | undefined;
  let trustedDocuments: TrustedDocuments | undefined;
  const upstream = createUpstreamClient({
    baseUrl: target.url,
    tenantId: target.tenantId,
    apiKey: target.apiKey,
    ...config.upstreamClient,
    breaker: config.breaker,
    logger,
    onCall: (section, outcome, seconds) => metrics?.upstream(section, outcome, seconds),
  });
  if (config.metrics.enabled) {
    metrics = createMetrics({
      circuit: () => upstream.circuit(),
      upstreamLoad: () => upstream.load(),
      trustedDocuments: () => trustedDocuments?.size ?? 0,
      ...(config.trustedDocuments.manifests.length > 0
        ? { knownOperation: (name: string) => trustedDocuments?.hasOperation(name) ?? false }
        : {}),
    });
  }
  if (config.trustedDocuments.manifests.length > 0) {
    trustedDocuments = await loadTrustedDocuments({
      paths: config.trustedDocuments.manifests,
      logger,
      onReload: (outcome) => metrics?.trustedDocumentsReloaded(outcome),
    });
  }
  const shared = await createSharedStores(config, logger);
  const attempts = config.attempts.enabled
    ? createAttemptLimiter(shared.attemptStore, DEFAULT_POLICIES, (action) => metrics?.rateLimited(action))
    : unlimitedAttempts;
  return {
    upstream,
    sessions: createSessionSigner(config.session.secret ?? ephemeralSecret(), config.session.ttlSeconds),
    admins: new Set(access.admins),
    revocations: shared.revocations,
    attempts,
    metrics,
    readiness: createReadiness(upstream, { deadlineMs: config.readinessTimeoutMs }),
    trustedDocuments,
    async close() {
      trustedDocuments?.close();
      upstream.close();
      await shared.close();
    },
  };
}
