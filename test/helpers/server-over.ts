/**
 * The GraphQL server in front of an upstream other than the embedded account service (the fault
 * stub, mostly), on port 0, configured as it would be against a real Lwork API: LWORK_API_URL and
 * its credentials, plus whatever a test sets.
 */
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type GraphQLServer, startGraphQLServer } from '../../src/server/server.js';

export const TEST_SESSION_SECRET = 'test-session-secret-that-is-long-enough';

export function startServerOver(
  upstreamUrl: string,
  env: Record<string, string> = {},
  logger: Logger = createLogger('silent'),
): Promise<GraphQLServer> {
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    SESSION_SECRET: TEST_SESSION_SECRET,
    LWORK_API_URL: upstreamUrl,
    LWORK_TENANT_ID: 'T1',
    LWORK_API_KEY: 'upstream-test-key',
    ...env,
  });
  return startGraphQLServer(config, logger);
}
