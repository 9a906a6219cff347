import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { loadEnvFile } from '../src/env-file.js';

afterEach(() => vi.unstubAllEnvs());

it('loads ./.env without overriding the environment, and does nothing without one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lwork-env-'));
  try {
    await writeFile(join(dir, '.env'), 'LWORK_ENV_FILE_A=from-file\nLWORK_ENV_FILE_B=from-file\n');
    vi.stubEnv('LWORK_ENV_FILE_A', 'from-environment');
    vi.stubEnv('LWORK_ENV_FILE_B', undefined);
    loadEnvFile(join(dir, '.env'));
    expect(process.env.LWORK_ENV_FILE_A).toBe('from-environment');
    expect(process.env.LWORK_ENV_FILE_B).toBe('from-file');
    expect(() => loadEnvFile(join(dir, 'missing.env'))).not.toThrow();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
