/** npm start refuses to run, with a clear message and exit code 1, on bad config or rejected credentials. */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountService, DEV_TENANT, startAccountService } from '../../src/account-service/index.js';

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

let service: AccountService;
beforeAll(async () => {
  service = await startAccountService({ dbPath: ':memory:', tenants: [DEV_TENANT], demoData: false });
});
afterAll(() => service.close());

describe('start-up', () => {
  it('fails fast when the upstream rejects the tenant credentials, without printing the key', async () => {
    const key = 'a-wrong-key-that-is-long';
    const { code, stderr } = await start({
      LWORK_API_URL: service.url,
      LWORK_TENANT_ID: DEV_TENANT.id,
      LWORK_API_KEY: key,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(`refused tenant ${DEV_TENANT.id}`);
    expect(stderr).not.toContain(key);
  });

  it('fails fast on invalid configuration, naming the variable', async () => {
    const { code, stderr } = await start({ PORT: 'eighty', SESSION_SECRET: 'short' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT/);
    expect(stderr).toMatch(/SESSION_SECRET must be at least 32 characters/);
  });

  it('requires the upstream and a session secret in production', async () => {
    const { code, stderr } = await start({ NODE_ENV: 'production' });
    expect(code).toBe(1);
    expect(stderr).toContain('NODE_ENV=production requires LWORK_API_URL');
  });
});
