/** 2.6 login, 2.7 search, 2.8 detail, 2.9 password change, 2.10 avatar. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EXTRA_USERS, DEMO_USERS } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import { startTestAccountService, type TestAccountService, testClock } from '../helpers/account-service.js';

const { demo, admin } = DEMO_USERS;
const clock = testClock();
let t: TestAccountService;

beforeAll(async () => {
  t = await startTestAccountService({ now: clock.now });
});
afterAll(async () => {
  await t.close();
});

const login = (loginName: string, password: string) =>
  t.call('POST', '/v1/api/user/login', { loginName, password });
const search = (type: string, value: string, page: number | string = 1, size: number | string = 10) =>
  t.call(
    'GET',
    `/v1/api/user/list?type=${type}&value=${encodeURIComponent(value)}&page=${page}&size=${size}`,
  );

describe('2.6 login', () => {
  it('logs in by phone, email (any case) or user name and answers the contract fields', async () => {
    for (const loginName of [demo.phone, demo.email, 'DEMO@Example.COM', demo.name]) {
      clock.advance(1000);
      const res = await login(loginName, demo.password);
      expect(res.body, loginName).toEqual({
        result: true,
        mcode: 'm0000000',
        data: { userId: demo.id, phone: demo.phone, language: 'en-US', lastLoginTime: clock.now() },
      });
    }
  });

  it('updates lastLoginTime, as search shows', async () => {
    clock.advance(5000);
    await login(admin.phone, admin.password);
    const res = await search('Phone', admin.phone);
    expect(res.body.data.list[0].lastLoginTime).toBe(clock.now());
  });

  it('refuses a wrong password and an unknown login name alike', async () => {
    const wrong = await login(demo.phone, 'Wrong1234');
    const unknown = await login('19999999999', 'Wrong1234');
    expect(wrong.body).toEqual({ result: false, mcode: MCODES.INVALID_CREDENTIALS.code });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('takes about as long for an unknown login name as for a wrong password', async () => {
    const time = async (loginName: string) => {
      const started = performance.now();
      await login(loginName, 'Wrong1234');
      return performance.now() - started;
    };
    await time(demo.phone); // warm-up (the dummy hash is made lazily)
    await time('nobody@example.com');
    let known = 0;
    let unknown = 0;
    for (let i = 0; i < 4; i++) {
      known += await time(demo.phone);
      unknown += await time('nobody@example.com');
    }
    // Both do one scrypt; without the dummy hash the unknown case would be many times faster.
    expect(unknown / known).toBeGreaterThan(0.4);
    expect(unknown / known).toBeLessThan(2.5);
  });

  it('answers USER_DISABLED only after the right password', async () => {
    const dave = DEMO_EXTRA_USERS.dave;
    expect((await login(dave.email, 'Wrong1234')).body.mcode).toBe(MCODES.INVALID_CREDENTIALS.code);
    expect((await login(dave.email, dave.password)).body).toEqual({
      result: false,
      mcode: MCODES.USER_DISABLED.code,
    });
  });

  it('does not log in by a name two users share', async () => {
    const a = await t.service.store.createUser('T001117', { name: 'Twin Name', password: 'TwinA1234' });
    await t.service.store.createUser('T001117', { name: 'Twin Name', password: 'TwinB1234' });
    expect((await login('Twin Name', 'TwinA1234')).body.mcode).toBe(MCODES.INVALID_CREDENTIALS.code);
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('validates the body', async () => {
    expect((await t.call('POST', '/v1/api/user/login', { loginName: demo.phone })).status).toBe(400);
    expect((await t.call('POST', '/v1/api/user/login', { loginName: null, password: 'x' })).body.mcode).toBe(
      MCODES.INVALID_PARAMETER.code,
    );
  });
});

describe('2.7 search', () => {
  it('answers the contract shape for an Email search (whole address, any case)', async () => {
    const res = await search('Email', 'Demo@Example.com');
    expect(res.body.result).toBe(true);
    expect(res.body.data).toEqual({
      list: [
        {
          accounts: ['2090001252', '2090005469'],
          email: demo.email,
          isEnable: true,
          lastLoginTime: expect.any(Number),
          phone: demo.phone,
          pubUserId: demo.id,
          realName: demo.name,
          registerTime: expect.any(Number),
        },
      ],
      offset: 0,
      pager: 1,
      pages: 1,
      size: 10,
      total: 1,
    });
    expect((await search('Email', 'demo@example')).body.data.total).toBe(0);
  });

  it('matches UserName as a case-insensitive substring, Phone as contained digits, TradeAccount exactly', async () => {
    const names = (await search('UserName', 'A')).body.data.list.map((u: { realName: string }) => u.realName);
    expect(names).toEqual(expect.arrayContaining(['Admin', 'Alice Chen', 'Carol Wang', 'Dave Zhou']));
    expect(names).not.toContain('Test');
    expect((await search('Phone', '5678')).body.data.list[0].pubUserId).toBe(demo.id);
    const byAccount = await search('TradeAccount', '2090005469');
    expect(byAccount.body.data.total).toBe(1);
    expect(byAccount.body.data.list[0].pubUserId).toBe(demo.id);
    expect((await search('TradeAccount', '209000546')).body.data.total).toBe(0);
    const disabled = await search('Email', DEMO_EXTRA_USERS.dave.email);
    expect(disabled.body.data.list[0].isEnable).toBe(false);
  });

  it('pages 1-based in a stable order, with offset, pages and total', async () => {
    const store = t.service.store;
    const base = Date.UTC(2030, 0, 1);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push(
        await store.createUser('T001117', {
          name: `Pager ${i}`,
          email: `pager${i}@paging.test`,
          password: 'Pager1234',
          registerTime: base + (i % 3 === 0 ? 0 : i), // ties on register time order by id
        }),
      );
    }
    const expected = ids
      .map((id, i) => ({ id, time: base + (i % 3 === 0 ? 0 : i) }))
      .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
      .map((x) => x.id);
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const res = await search('UserName', 'pager', page, 3);
      expect(res.body.data).toMatchObject({
        offset: (page - 1) * 3,
        pager: page,
        pages: 3,
        size: 3,
        total: 7,
      });
      expect(res.body.data.list).toHaveLength(page === 3 ? 1 : 3);
      seen.push(...res.body.data.list.map((u: { pubUserId: string }) => u.pubUserId));
    }
    expect(seen).toEqual(expected);
    const beyond = await search('UserName', 'pager', 4, 3);
    expect(beyond.body.data).toEqual({ list: [], offset: 9, pager: 4, pages: 3, size: 3, total: 7 });
    const none = await search('UserName', 'no such name', 1, 5);
    expect(none.body.data).toEqual({ list: [], offset: 0, pager: 1, pages: 0, size: 5, total: 0 });
    expect((await search('UserName', 'pager', 1, 100)).body.data.pages).toBe(1);
  });

  it('refuses bad type, value, page or size with INVALID_PARAMETER', async () => {
    const bad = [
      '/v1/api/user/list?type=Name&value=a&page=1&size=10',
      '/v1/api/user/list?type=UserName&value=&page=1&size=10',
      '/v1/api/user/list?type=UserName&value=%20&page=1&size=10',
      '/v1/api/user/list?type=UserName&value=a&page=0&size=10',
      '/v1/api/user/list?type=UserName&value=a&page=-1&size=10',
      '/v1/api/user/list?type=UserName&value=a&page=1.5&size=10',
      '/v1/api/user/list?type=UserName&value=a&page=1&size=0',
      '/v1/api/user/list?type=UserName&value=a&page=1&size=101',
      '/v1/api/user/list?type=UserName&value=a&page=1',
      '/v1/api/user/list?type=UserName&value=a&size=1',
      '/v1/api/user/list?type=Phone&value=abc&page=1&size=10',
    ];
    for (const url of bad) {
      const res = await t.call('GET', url);
      expect(res.status, url).toBe(400);
      expect(res.body.mcode, url).toBe(MCODES.INVALID_PARAMETER.code);
    }
  });
});

describe('2.8 detail', () => {
  it('answers the contract fields; the Demo account has no group fields', async () => {
    const res = await t.call('GET', `/v1/api/user/${demo.id}/detail`);
    expect(res.body).toEqual({
      result: true,
      mcode: 'm0000000',
      data: {
        accounts: [
          {
            accountGroup: '9',
            accountGroupName: 'Standard USD',
            accountId: '2090001252',
            accountName: 'demo',
            accountType: 'Live',
            balance: 1014.07,
            currency: 'USD',
            leverage: 100,
            platformName: 'MT4',
            serverName: 'MT4-Live',
            status: true,
          },
          {
            accountId: '2090005469',
            accountName: 'demo',
            accountType: 'Demo',
            balance: 0,
            currency: 'USD',
            leverage: 100,
            platformName: 'MT4',
            serverName: 'MT4-Demo',
            status: true,
          },
        ],
        avatar: null,
        email: demo.email,
        nickname: 'demo',
        phone: demo.phone,
        username: 'Test',
      },
    });
  });

  it('answers USER_NOT_FOUND for an unknown id', async () => {
    expect((await t.call('GET', '/v1/api/user/unknown-id/detail')).body).toEqual({
      result: false,
      mcode: MCODES.USER_NOT_FOUND.code,
    });
  });
});

describe('2.9 password change', () => {
  it('changes the password with the right origin', async () => {
    const userId = await t.service.store.createUser('T001117', {
      name: 'Changer',
      email: 'changer@example.com',
      password: 'Abcd1234!',
    });
    const res = await t.call('POST', '/v1/api/user/pwd/set', {
      userId,
      origin: 'Abcd1234!',
      newPwd: 'Abcd1234~',
      verifyPwd: 'Abcd1234~',
    });
    expect(res.body).toEqual({ result: true, mcode: 'm0000000' });
    expect((await login('changer@example.com', 'Abcd1234!')).body.mcode).toBe(
      MCODES.INVALID_CREDENTIALS.code,
    );
    expect((await login('changer@example.com', 'Abcd1234~')).body.result).toBe(true);
  });

  it('answers WRONG_ORIGIN_PASSWORD, PASSWORD_MISMATCH, PASSWORD_POLICY, USER_NOT_FOUND', async () => {
    const userId = await t.service.store.createUser('T001117', { name: 'Keeper', password: 'Keep1234' });
    const call = (body: Record<string, unknown>) =>
      t.call('POST', '/v1/api/user/pwd/set', {
        userId,
        origin: 'Keep1234',
        newPwd: 'New12345',
        verifyPwd: 'New12345',
        ...body,
      });
    expect((await call({ origin: 'Wrong1234' })).body.mcode).toBe(MCODES.WRONG_ORIGIN_PASSWORD.code);
    expect((await call({ verifyPwd: 'New123456' })).body.mcode).toBe(MCODES.PASSWORD_MISMATCH.code);
    expect((await call({ newPwd: 'short', verifyPwd: 'short' })).body.mcode).toBe(
      MCODES.PASSWORD_POLICY.code,
    );
    expect((await call({ userId: 'nobody' })).body.mcode).toBe(MCODES.USER_NOT_FOUND.code);
    expect((await call({ verifyPwd: undefined })).body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    // Nothing changed.
    expect((await login('Keeper', 'Keep1234')).body.result).toBe(true);
  });
});

describe('2.10 avatar', () => {
  const avatar = '//broker-upload.oss-cn-hangzhou.aliyuncs.com/test/45d952ed-8ca9-4fac-8302-6e735e4d105e.png';

  it('stores the avatar and answers the detail shape', async () => {
    const res = await t.call('POST', `/v1/api/user/${admin.id}/avatar`, { avatar });
    expect(res.body.result).toBe(true);
    expect(res.body.data).toEqual({
      accounts: [],
      avatar,
      email: admin.email,
      nickname: admin.nickname,
      phone: admin.phone,
      username: admin.name,
    });
    expect((await t.call('GET', `/v1/api/user/${admin.id}/detail`)).body.data.avatar).toBe(avatar);
    const https = await t.call('POST', `/v1/api/user/${admin.id}/avatar`, {
      avatar: 'https://cdn.example.com/a.png',
    });
    expect(https.body.data.avatar).toBe('https://cdn.example.com/a.png');
  });

  it('refuses a bad URL and an unknown user', async () => {
    for (const bad of [
      '',
      'javascript:alert(1)',
      'ftp://x.example/a.png',
      '/relative.png',
      '//',
      `https://x.io/${'a'.repeat(2048)}`,
      'https://a b.com/x',
    ]) {
      const res = await t.call('POST', `/v1/api/user/${admin.id}/avatar`, { avatar: bad });
      expect(res.body.mcode, bad).toBe(MCODES.INVALID_PARAMETER.code);
    }
    expect((await t.call('POST', `/v1/api/user/${admin.id}/avatar`, {})).body.mcode).toBe(
      MCODES.INVALID_PARAMETER.code,
    );
    expect((await t.call('POST', '/v1/api/user/nobody/avatar', { avatar })).body).toEqual({
      result: false,
      mcode: MCODES.USER_NOT_FOUND.code,
    });
  });
});
