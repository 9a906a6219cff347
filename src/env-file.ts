import { existsSync } from 'node:fs';

/**
 * Loads ./.env into process.env when there is one; variables already in the environment win. The
 * same as `node --env-file-if-exists=.env`, which also prints a notice on every start without one.
 */
export function loadEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
