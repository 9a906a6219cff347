/** Environment parsing and the production guards. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AccountServiceConfigError,
  accountServiceConfigFromEnv,
  DEV_TENANT,
  startAccountService,
} from '../../src/account-service/index.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('accountServiceConfigFromEnv', () => {
  it('has development defaults', () => {
    expect(accountServiceConfigFromEnv({})).toEqual({
      host: '127.0.0.1',
      port: 4100,
      dbPath: './data/account-service.db',
      tenants: [{ id: DEV_TENANT.id, apiKey: DEV_TENANT.apiKey }],
      demoData: true,
      delayMs: 0,
    });
  });

  it('reads every variable, treating empty as unset', () => {
    const config = accountServiceConfigFromEnv({
      ACCOUNT_SERVICE_PORT: '4200',
      ACCOUNT_SERVICE_HOST: '0.0.0.0',
      ACCOUNT_SERVICE_DB: ':memory:',
      ACCOUNT_SERVICE_TENANTS: 'T1:key-one, T2:key:with:colons',
      ACCOUNT_SERVICE_DEMO_DATA: 'false',
      ACCOUNT_SERVICE_DELAY_MS: '',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 4200,
      dbPath: ':memory:',
      tenants: [
        { id: 'T1', apiKey: 'key-one' },
        { id: 'T2', apiKey: 'key:with:colons' },
      ],
      demoData: false,
      delayMs: 0,
    });
  });

  it('rejects malformed values with a clear error', () => {
    expect(() => accountServiceConfigFromEnv({ ACCOUNT_SERVICE_PORT: 'eighty' })).toThrow(
      /ACCOUNT_SERVICE_PORT/,
    );
    expect(() => accountServiceConfigFromEnv({ ACCOUNT_SERVICE_DEMO_DATA: 'yes' })).toThrow(
      AccountServiceConfigError,
    );
    expect(() => accountServiceConfigFromEnv({ ACCOUNT_SERVICE_TENANTS: 'T1' })).toThrow(/tenantId:apiKey/);
    expect(() => accountServiceConfigFromEnv({ ACCOUNT_SERVICE_TENANTS: 'T1:a,T1:b' })).toThrow(/twice/);
  });

  it('in production requires tenants and refuses the dev key and short keys', () => {
    expect(() => accountServiceConfigFromEnv({ NODE_ENV: 'production' })).toThrow(/ACCOUNT_SERVICE_TENANTS/);
    expect(() =>
      accountServiceConfigFromEnv({
        NODE_ENV: 'production',
        ACCOUNT_SERVICE_TENANTS: `T1:${DEV_TENANT.apiKey}`,
      }),
    ).toThrow(/development API key/);
    expect(() =>
      accountServiceConfigFromEnv({ NODE_ENV: 'production', ACCOUNT_SERVICE_TENANTS: 'T1:short' }),
    ).toThrow(/at least 16/);
    const ok = accountServiceConfigFromEnv({
      NODE_ENV: 'production',
      ACCOUNT_SERVICE_TENANTS: 'T1:a-long-enough-production-key',
    });
    expect(ok.tenants).toEqual([{ id: 'T1', apiKey: 'a-long-enough-production-key' }]);
  });
});

describe('startAccountService guards', () => {
  it('refuses to start with the dev key when NODE_ENV=production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    await expect(startAccountService({ dbPath: ':memory:', tenants: [{ ...DEV_TENANT }] })).rejects.toThrow(
      /development API key/,
    );
  });

  it('refuses to start without tenants', async () => {
    await expect(startAccountService({ dbPath: ':memory:', tenants: [] })).rejects.toThrow(
      /at least one tenant/,
    );
  });
});
