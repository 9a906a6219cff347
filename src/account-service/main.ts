/** `npm run account-service`: the account service alone, configured from the environment. */
import { pino } from 'pino';
import { loadEnvFile } from '../env-file.js';
import { AccountServiceConfigError, accountServiceConfigFromEnv } from './config.js';
import { DEV_TENANT } from './demo-data.js';
import { startAccountService } from './index.js';

loadEnvFile();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const config = accountServiceConfigFromEnv(process.env);
  const service = await startAccountService({ ...config, logger });
  console.log(`Lwork account service listening on ${service.url}`);
  for (const tenant of config.tenants) {
    // Only the documented development key is ever printed.
    const key = tenant.apiKey === DEV_TENANT.apiKey ? `, x-api-token: ${tenant.apiKey}` : '';
    console.log(`  tenant x-api-tenantid: ${tenant.id}${key}`);
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    service.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  if (err instanceof AccountServiceConfigError) console.error(err.message);
  else logger.error({ err }, 'account service failed to start');
  process.exit(1);
});
