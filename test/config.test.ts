import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const real = { LWORK_API_URL: 'https://account.example.com', LWORK_TENANT_ID: 't', LWORK_API_KEY: 'k' };

describe('loadConfig', () => {
  it('gives the demo conveniences only with the embedded account service', () => {
    const embedded = loadConfig({});
    // The demo admin is main.ts's to add: the config knows only what ADMIN_USER_IDS says.
    expect(embedded).toMatchObject({ devMode: true, exposeCodes: true, upstream: { kind: 'embedded' } });
    expect(embedded.adminUserIds).toBeUndefined();
    // NODE_ENV unset in front of a real upstream: no codes for anyone.
    const unsetEnv = loadConfig(real);
    expect(unsetEnv).toMatchObject({
      devMode: false,
      exposeCodes: false,
      upstream: { kind: 'remote', url: real.LWORK_API_URL, tenantId: 't', apiKey: 'k' },
    });
  });

  it('has safe production defaults', () => {
    const prod = loadConfig({ ...real, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) });
    expect(prod).toMatchObject({
      exposeCodes: false,
      adminUserIds: undefined,
      introspection: false,
      playground: false,
      schemaDetailsInErrors: false,
      metrics: { enabled: false },
    });
  });

  it('refuses what production must not have, naming it', () => {
    expect(() => loadConfig({ ...real, NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(() =>
      loadConfig({ ...real, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), EXPOSE_CODES: 'true' }),
    ).toThrow(/EXPOSE_CODES/);
    expect(() => loadConfig({ LWORK_API_URL: 'https://a.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '99999' })).toThrow(/PORT/);
  });

  it('refuses a metrics token with whitespace at either end (no header can carry it), never printing it', () => {
    const secret = 'metrics-secret-0123456789';
    for (const token of [`${secret}\n`, ` ${secret}`]) {
      let message = 'accepted';
      try {
        loadConfig({ METRICS_TOKEN: token });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = error instanceof Error ? error.message : '';
      }
      expect(message).toMatch(/METRICS_TOKEN starts or ends with whitespace/);
      expect(message).not.toContain(secret);
    }
    expect(loadConfig({ METRICS_TOKEN: secret }).metrics.token).toBe(secret);
  });

  it('lets one request hold at most half the upstream sockets', () => {
    expect(loadConfig({}).loaderConcurrency).toBe(64);
    expect(loadConfig({ LWORK_MAX_SOCKETS: '32' }).loaderConcurrency).toBe(16);
    expect(loadConfig({ LWORK_MAX_SOCKETS: '1' }).loaderConcurrency).toBe(1);
    expect(loadConfig({ LWORK_MAX_SOCKETS: '32', LWORK_LOADER_CONCURRENCY: '4' }).loaderConcurrency).toBe(4);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ LWORK_API_URL: '', PORT: '' })).toMatchObject({
      port: 4000,
      upstream: { kind: 'embedded' },
    });
  });
});
