/**
 * npm start, and the composition root: config, then the embedded account service when LWORK_API_URL
 * is unset (with its demo admin and demo login in development), then the GraphQL server. Prints
 * where everything is; stops gracefully on SIGINT / SIGTERM.
 */
import { accountServiceConfigFromEnv } from './account-service/config.js';
import { type AccountService, DEMO_USERS, startAccountService } from './account-service/index.js';
import { ConfigError, loadConfig, type UpstreamTarget } from './config.js';
import { loadEnvFile } from './env-file.js';
import { createLogger } from './logger.js';
import { type ServerOptions, startGraphQLServer } from './server/server.js';

async function main(): Promise<void> {
  loadEnvFile();
  const config = loadConfig();
  const logger = createLogger(config.logLevel);

  let embedded: AccountService | undefined;
  let target: UpstreamTarget;
  const options: ServerOptions = {};
  if (config.upstream.kind === 'remote') {
    target = config.upstream;
  } else {
    const serviceConfig = accountServiceConfigFromEnv(process.env);
    const tenant = serviceConfig.tenants[0];
    if (!tenant) throw new ConfigError('The embedded account service needs at least one tenant');
    embedded = await startAccountService({ ...serviceConfig, port: serviceConfig.port, logger });
    target = { url: embedded.url, tenantId: tenant.id, apiKey: tenant.apiKey };
    options.embeddedUpstream = target;
    // Development against the demo data: its admin is the admin unless ADMIN_USER_IDS names others,
    // and the playground's example login is the demo user's.
    if (config.devMode) {
      options.defaultAdminUserIds = [DEMO_USERS.admin.id];
      options.playgroundLogin = { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password };
    }
  }

  const server = await startGraphQLServer(config, logger, options);
  // The whole probe, not /readyz's deadline: rejected credentials must stop the start.
  const readiness = await server.readiness({ wholeProbe: true });
  if (readiness.upstream === 'rejected_credentials') {
    await server.stop();
    await embedded?.close();
    throw new ConfigError(
      `The account service at ${target.url} refused tenant ${target.tenantId}: check LWORK_TENANT_ID and LWORK_API_KEY`,
    );
  }
  if (!readiness.ready)
    logger.warn({ upstream: readiness.upstream }, 'the account service is not ready yet: /readyz will tell');

  // README.md shows this output verbatim (test/server/start-output.test.ts compares the two).
  const lines = [
    `  GraphQL:          ${server.url}${config.playground ? '  (open it in a browser for the playground)' : ''}`,
    `  Health:           ${server.origin}/healthz  ${server.origin}/readyz`,
    embedded
      ? `  Account service:  ${embedded.url} (embedded, tenant ${target.tenantId})`
      : `  Account service:  ${target.url} (tenant ${target.tenantId})`,
  ];
  const trusted = server.services.trustedDocuments;
  if (trusted) {
    // The pid to signal: under `npm start` it is not npm's, and npm passes on SIGINT and SIGTERM only.
    lines.push(
      `  Trusted documents: ${trusted.size}, allow-list ${config.trustedDocuments.only ? 'on' : 'off'}; reload: kill -HUP ${process.pid}`,
    );
  }
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
  // A deploy that replaced the trusted documents' manifests may say so at once (files are also polled).
  if (trusted) process.on('SIGHUP', () => void trusted.reload('SIGHUP'));
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
