/**
 * The account service's environment variables, parsed with zod. `npm run account-service` uses it,
 * and so can the GraphQL process when it embeds the service.
 */
import { z } from 'zod';
import { DEV_TENANT } from './demo-data.js';
import type { Tenant } from './server.js';

export interface AccountServiceConfig {
  host: string;
  port: number;
  dbPath: string;
  tenants: Tenant[];
  demoData: boolean;
  delayMs: number;
}

export class AccountServiceConfigError extends Error {
  override name = 'AccountServiceConfigError';
}

const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Production keys must be at least this long; the dev key is refused outright. */
export const PRODUCTION_KEY_MIN = 16;

const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  ACCOUNT_SERVICE_HOST: z.string().min(1).default('127.0.0.1'),
  ACCOUNT_SERVICE_PORT: z.coerce.number().int().min(0).max(65_535).default(4100),
  ACCOUNT_SERVICE_DB: z.string().min(1).default('./data/account-service.db'),
  ACCOUNT_SERVICE_TENANTS: z.string().optional(),
  ACCOUNT_SERVICE_DEMO_DATA: z.enum(['true', 'false']).optional(),
  ACCOUNT_SERVICE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
});

/** `T001:key1,T002:key2` (a key may itself contain ':'; the first one splits). */
export function parseTenants(spec: string): Tenant[] {
  const tenants = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      const id = at === -1 ? entry : entry.slice(0, at);
      const apiKey = at === -1 ? '' : entry.slice(at + 1);
      if (!TENANT_ID.test(id) || apiKey === '') {
        throw new AccountServiceConfigError(
          'ACCOUNT_SERVICE_TENANTS: each entry must be tenantId:apiKey (id of letters, digits, _ or -)',
        );
      }
      return { id, apiKey };
    });
  if (tenants.length === 0) throw new AccountServiceConfigError('ACCOUNT_SERVICE_TENANTS: no tenant given');
  return tenants;
}

/** Refuses duplicate ids, and in production the documented dev key and short keys. */
export function checkTenants(tenants: readonly Tenant[], nodeEnv: string | undefined): void {
  if (tenants.length === 0) throw new AccountServiceConfigError('at least one tenant is required');
  const ids = new Set<string>();
  for (const t of tenants) {
    if (t.id === '' || t.apiKey === '')
      throw new AccountServiceConfigError('tenant id and api key must not be empty');
    if (ids.has(t.id)) throw new AccountServiceConfigError(`tenant ${t.id} is configured twice`);
    ids.add(t.id);
    if (nodeEnv === 'production') {
      if (t.apiKey === DEV_TENANT.apiKey) {
        throw new AccountServiceConfigError(
          'the documented development API key is refused when NODE_ENV=production',
        );
      }
      if (t.apiKey.length < PRODUCTION_KEY_MIN) {
        throw new AccountServiceConfigError(
          `tenant ${t.id}: API keys must be at least ${PRODUCTION_KEY_MIN} characters in production`,
        );
      }
    }
  }
}

export function accountServiceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AccountServiceConfig {
  // `FOO=` means unset, not empty.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new AccountServiceConfigError(`Invalid account service configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.ACCOUNT_SERVICE_TENANTS) {
    throw new AccountServiceConfigError('NODE_ENV=production requires ACCOUNT_SERVICE_TENANTS');
  }
  const tenants = e.ACCOUNT_SERVICE_TENANTS ? parseTenants(e.ACCOUNT_SERVICE_TENANTS) : [{ ...DEV_TENANT }];
  checkTenants(tenants, e.NODE_ENV);
  return {
    host: e.ACCOUNT_SERVICE_HOST,
    port: e.ACCOUNT_SERVICE_PORT,
    dbPath: e.ACCOUNT_SERVICE_DB,
    tenants,
    // Published demo passwords have no place in production unless asked for.
    demoData: (e.ACCOUNT_SERVICE_DEMO_DATA ?? (production ? 'false' : 'true')) === 'true',
    delayMs: e.ACCOUNT_SERVICE_DELAY_MS,
  };
}
