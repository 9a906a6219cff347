/** A file database keeps its data across restarts; demo data is seeded only into an empty tenant. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { startTestAccountService } from '../helpers/account-service.js';

const dir = mkdtempSync(join(tmpdir(), 'lwork-account-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('restart persistence', () => {
  it('keeps users, passwords, profiles and spent codes across a restart on the same file', async () => {
    const dbPath = join(dir, 'nested', 'accounts.db'); // the folder is created
    const first = await startTestAccountService({ dbPath });
    const code = (
      await first.call('GET', '/v1/api/sys/mobile/code?phone=13912345678&type=Register&sendSms=false')
    ).body.data as string;
    const reg = await first.call('POST', '/v1/api/user/phone/register', {
      name: 'Persistent',
      phone: '13912345678',
      password: 'Persist1234',
      validateCode: code,
    });
    expect(reg.body.result).toBe(true);
    const userId = (
      await first.call('POST', '/v1/api/user/login', { loginName: '13912345678', password: 'Persist1234' })
    ).body.data.userId as string;
    await first.call('POST', `/v1/api/account/${userId}/update`, { base: { accountName: 'kept' } });
    await first.call('POST', `/v1/api/account/${DEMO_USERS.demo.id}/update`, {
      base: { accountName: 'changed' },
    });
    await first.close();

    const second = await startTestAccountService({ dbPath });
    try {
      const login = await second.call('POST', '/v1/api/user/login', {
        loginName: '13912345678',
        password: 'Persist1234',
      });
      expect(login.body.result).toBe(true);
      expect(login.body.data.userId).toBe(userId);
      expect((await second.call('GET', `/v1/api/account/${userId}/info`)).body.data).toEqual({
        base: { accountName: 'kept' },
      });
      // Demo data was not seeded again over the changed profile.
      expect((await second.call('GET', `/v1/api/account/${DEMO_USERS.demo.id}/info`)).body.data).toEqual({
        base: { accountName: 'changed' },
      });
      // The used code stays used; the cooldown survived too.
      const again = await second.call('GET', '/v1/api/sys/mobile/code?phone=13912345679&type=Register');
      expect(again.body.result).toBe(true);
      const cool = await second.call('GET', '/v1/api/sys/mobile/code?phone=13912345679&type=Register');
      expect(cool.body.result).toBe(false);
      const mode = second.service.store.db.pragma('journal_mode', { simple: true });
      expect(mode).toBe('wal');
    } finally {
      await second.close();
    }
  });

  it('starts without demo data when asked', async () => {
    const t = await startTestAccountService({ dbPath: join(dir, 'empty.db'), demoData: false });
    try {
      expect((await t.call('GET', `/v1/api/user/${DEMO_USERS.demo.id}/detail`)).body.result).toBe(false);
    } finally {
      await t.close();
    }
  });
});
