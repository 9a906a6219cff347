/**
 * Prometheus metrics of one GraphQL server: its own registry (several servers in one process, as
 * in tests, must not share counters), names prefixed `lwork_graph_`.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names kept as labels; later ones count as "other" (clients choose names). */
const MAX_OPERATION_NAMES = 200;
/** The circuit breaker's states (upstream/circuit-breaker.ts), as the gauge reports them. */
type CircuitState = 'closed' | 'half-open' | 'open';
const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createMetrics(
  options: {
    circuit?: () => CircuitState;
    upstreamLoad?: () => { inFlight: number; queued: number };
    /** Trusted documents loaded now (server/trusted-documents.ts). */
    trustedDocuments?: () => number;
    /**
     * With trusted documents configured: whether a manifest operation has this name. Only those
     * become labels (any other name is `other`), so no client can add a label, even by filling the
     * slots after a restart.
     */
    knownOperation?: (name: string) => boolean;
  } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lwork_graph_' });

  const requests = new Counter({
    name: 'lwork_graph_graphql_requests_total',
    help: 'GraphQL operations by operation name, type and outcome (ok, error, invalid).',
    labelNames: ['operation', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'lwork_graph_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to its answer.',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const upstreamCalls = new Counter({
    name: 'lwork_graph_upstream_calls_total',
    help: 'Calls to the Lwork REST API by contract section and outcome (ok or an error code).',
    labelNames: ['section', 'outcome'] as const,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'lwork_graph_upstream_call_duration_seconds',
    help: 'Duration of calls to the Lwork REST API, retries included.',
    labelNames: ['section'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'lwork_graph_dataloader_batch_size',
    help: 'Keys per DataLoader batch, by loader.',
    labelNames: ['loader'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100],
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'lwork_graph_rate_limit_rejections_total',
    help: 'Attempts refused by the attempt limits, by action.',
    labelNames: ['action'] as const,
    registers: [registry],
  });
  const circuit = options.circuit;
  new Gauge({
    name: 'lwork_graph_upstream_circuit_state',
    help: 'Upstream circuit breaker: 0 closed, 1 half-open (probing), 2 open (failing fast).',
    registers: [registry],
    collect() {
      if (circuit) this.set(CIRCUIT_VALUE[circuit()]);
    },
  });

  const upstreamLoad = options.upstreamLoad;
  new Gauge({
    name: 'lwork_graph_upstream_in_flight',
    help: 'Upstream calls on the wire now (at most LWORK_MAX_SOCKETS).',
    registers: [registry],
    collect() {
      if (upstreamLoad) this.set(upstreamLoad().inFlight);
    },
  });
  new Gauge({
    name: 'lwork_graph_upstream_queued',
    help: 'Upstream calls waiting for a socket: above zero for long, the pool or the upstream is too small.',
    registers: [registry],
    collect() {
      if (upstreamLoad) this.set(upstreamLoad().queued);
    },
  });

  const trustedDocumentRefusals = new Counter({
    name: 'lwork_graph_trusted_document_refusals_total',
    help: 'Requests refused by trusted documents, by reason (unknown_id, untrusted_text, id_mismatch).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const trustedDocumentReloads = new Counter({
    name: 'lwork_graph_trusted_document_reloads_total',
    help: 'Reloads of the trusted-documents manifests, by outcome (ok, unchanged: same bytes, failed: the previous ones stay).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const untrustedOperations = new Counter({
    name: 'lwork_graph_untrusted_operations_total',
    help: 'Operations sent as text that are in no trusted-documents manifest: what the allow-list, off, would refuse.',
    registers: [registry],
  });
  const trustedDocuments = options.trustedDocuments;
  new Gauge({
    name: 'lwork_graph_trusted_documents',
    help: 'Trusted documents loaded from the manifests.',
    registers: [registry],
    collect() {
      if (trustedDocuments) this.set(trustedDocuments());
    },
  });

  const names = new Set<string>();
  const { knownOperation } = options;
  const operationLabel = (name: string | null | undefined): string => {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (knownOperation) return knownOperation(name) ? name : 'other';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  return {
    registry,
    operation(
      name: string | null | undefined,
      type: string,
      outcome: 'ok' | 'error' | 'invalid',
      seconds: number,
    ) {
      const operation = operationLabel(name);
      requests.inc({ operation, type, outcome });
      requestDuration.observe({ operation, type }, seconds);
    },
    upstream(section: string, outcome: string, seconds: number) {
      upstreamCalls.inc({ section, outcome });
      upstreamDuration.observe({ section }, seconds);
    },
    batch(loader: string, size: number) {
      batchSize.observe({ loader }, size);
    },
    rateLimited(action: string) {
      rateLimited.inc({ action });
    },
    trustedDocumentRefused(reason: string) {
      trustedDocumentRefusals.inc({ reason });
    },
    untrustedOperations(count: number) {
      untrustedOperations.inc(count);
    },
    trustedDocumentsReloaded(outcome: 'ok' | 'unchanged' | 'failed') {
      trustedDocumentReloads.inc({ outcome });
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
