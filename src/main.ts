/**
 * npm start: config, then the embedded account service when LWORK_API_URL is unset, then the GraphQL
 * server. Prints where everything is; stops gracefully on SIGINT / SIGTERM.
 */
import { accountServiceConfigFromEnv } from './account-service/config.js';
import { type AccountService, DEMO_USERS, startAccountService } from './account-service/index.js';
import { ConfigError, loadConfig } from './config.js';
import { loadEnvFile } from './env-file.js';
import { createLogger } from './logger.js';
import { startGraphQLServer, type UpstreamTarget } from './server/create-server.js';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  let embedded: AccountService | undefined;
  let upstream: UpstreamTarget;
  if (config.upstream.url && config.upstream.tenantId && config.upstream.apiKey) {
    upstream = {
      url: config.upstream.url,
      tenantId: config.upstream.tenantId,
      apiKey: config.upstream.apiKey,
    };
  } else {
    const serviceConfig = accountServiceConfigFromEnv(process.env);
    const tenant = serviceConfig.tenants[0];
    if (!tenant) throw new ConfigError('The embedded account service needs at least one tenant');
    embedded = await startAccountService({ ...serviceConfig, port: serviceConfig.port, logger });
    upstream = { url: embedded.url, tenantId: tenant.id, apiKey: tenant.apiKey };
  }

  const server = await startGraphQLServer(config, upstream, logger);
  const readiness = await server.readiness();
  if (readiness.upstream === 'rejected_credentials') {
    await server.stop();
    await embedded?.close();
    throw new ConfigError(
      `The account service at ${upstream.url} refused tenant ${upstream.tenantId}: check LWORK_TENANT_ID and LWORK_API_KEY`,
    );
  }
  if (!readiness.ready)
    logger.warn({ upstream: readiness.upstream }, 'the account service is not ready yet: /readyz will tell');

  // README.md shows this output verbatim (test/server/start-output.test.ts compares the two).
  const lines = [
    `  GraphQL:          ${server.url}${config.playground ? '  (open it in a browser for the playground)' : ''}`,
    `  Health:           ${server.origin}/healthz  ${server.origin}/readyz`,
    embedded
      ? `  Account service:  ${embedded.url} (embedded, tenant ${upstream.tenantId})`
      : `  Account service:  ${upstream.url} (tenant ${upstream.tenantId})`,
  ];
  if (embedded && config.devMode) {
    lines.push(
      `  Demo user:        ${DEMO_USERS.demo.phone} / ${DEMO_USERS.demo.password}`,
      `  Demo admin:       ${DEMO_USERS.admin.email} / ${DEMO_USERS.admin.password}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await embedded?.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `lwork-graph failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
