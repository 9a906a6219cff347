/**
 * Apollo Server as this layer runs it: the subgraph schema, error masking, the query limits as
 * validation rules, CSRF prevention, no automatic persisted queries, and one plugin per concern (access log, error log, traces and
 * metrics, the entity limit). Apollo's own landing page, cache control, tracing and usage reporting
 * are off: the playground, limits and observability here replace them.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Metrics } from '../observability/metrics.js';
import type { GraphQLContext } from '../schema/context.js';
import { getSchema } from '../schema/index.js';
import { accessLogPlugin } from './access-log-plugin.js';
import { entitiesLimitPlugin } from './entities-limit-plugin.js';
import { errorLogPlugin } from './error-log-plugin.js';
import { formatError } from './format-error.js';
import { knownOperationTypes } from './known-operation-types.js';
import { observabilityPlugin } from './observability-plugin.js';
import { queryLimitRules } from './query-limits.js';

export async function createApollo(
  config: Config,
  metrics: Metrics | undefined,
  logger: Logger,
): Promise<ApolloServer<GraphQLContext>> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema: getSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.schemaDetailsInErrors,
    allowBatchedHttpRequests: config.limits.batching,
    validationRules: [knownOperationTypes, ...queryLimitRules(config.limits)],
    parseOptions: { maxTokens: config.limits.maxTokens },
    csrfPrevention: true,
    // Ids name trusted documents from manifests or nothing (trusted-documents-gate.ts). Apollo's
    // automatic persisted queries would let any client register any document under an id of its
    // own; off, an id without a manifest answers PERSISTED_QUERY_NOT_SUPPORTED and Apollo Client
    // falls back to sending the text.
    persistedQueries: false,
    // The server's stop() owns shutdown: Apollo's own SIGTERM handler would stop it mid-request and
    // re-raise the signal, killing the process before in-flight answers are out.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      accessLogPlugin(),
      errorLogPlugin(),
      observabilityPlugin(metrics),
      entitiesLimitPlugin(config.limits.maxEntities),
    ],
    logger: { debug: () => {}, info: () => {}, warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
  });
  await apollo.start();
  return apollo;
}
