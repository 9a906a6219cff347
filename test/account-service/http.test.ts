/** Transport-level behaviour: auth, tenant isolation, bad input, status codes, counters, keep-alive. */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import {
  OTHER_TENANT,
  startTestAccountService,
  type TestAccountService,
} from '../helpers/account-service.js';

const demo = DEMO_USERS.demo;
let t: TestAccountService;

beforeAll(async () => {
  t = await startTestAccountService();
});
afterAll(async () => {
  await t.close();
});

describe('authentication', () => {
  it('answers 401 UNAUTHORIZED_MISSING without the headers', async () => {
    const partial: Array<Record<string, string>> = [
      {},
      { 'x-api-tenantid': DEV_TENANT.id },
      { 'x-api-token': DEV_TENANT.apiKey },
      { 'x-api-tenantid': '', 'x-api-token': '' },
    ];
    for (const headers of partial) {
      const res = await t.call('GET', `/v1/api/user/${demo.id}/detail`, undefined, { headers });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ result: false, mcode: MCODES.UNAUTHORIZED_MISSING.code });
    }
  });

  it('answers 401 UNAUTHORIZED_INVALID for a wrong token or an unknown tenant', async () => {
    const wrongKey = await t.call('GET', `/v1/api/user/${demo.id}/detail`, undefined, {
      headers: { 'x-api-tenantid': DEV_TENANT.id, 'x-api-token': 'lwork-dev-kez' },
    });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).toEqual({ result: false, mcode: MCODES.UNAUTHORIZED_INVALID.code });
    // Another tenant's valid key does not open this tenant.
    const crossed = await t.call('GET', `/v1/api/user/${demo.id}/detail`, undefined, {
      headers: { 'x-api-tenantid': DEV_TENANT.id, 'x-api-token': OTHER_TENANT.apiKey },
    });
    expect(crossed.body.mcode).toBe(MCODES.UNAUTHORIZED_INVALID.code);
    const unknown = await t.call(
      'GET',
      '/v1/api/user/list?type=Email&value=a@b.co&page=1&size=1',
      undefined,
      {
        headers: { 'x-api-tenantid': 'T999', 'x-api-token': DEV_TENANT.apiKey },
      },
    );
    expect(unknown.status).toBe(401);
    expect(unknown.body.mcode).toBe(MCODES.UNAUTHORIZED_INVALID.code);
  });

  it('checks the headers before routing', async () => {
    const res = await t.call('GET', '/nowhere', undefined, { headers: {} });
    expect(res.status).toBe(401);
  });
});

describe('tenant isolation', () => {
  it('keeps each tenant to its own users', async () => {
    const own = await t.call('GET', `/v1/api/user/${demo.id}/detail`);
    expect(own.body.result).toBe(true);
    const other = await t.call('GET', `/v1/api/user/${demo.id}/detail`, undefined, { tenant: OTHER_TENANT });
    expect(other.body).toEqual({ result: false, mcode: MCODES.USER_NOT_FOUND.code });
    const login = await t.call(
      'POST',
      '/v1/api/user/login',
      { loginName: demo.phone, password: demo.password },
      { tenant: OTHER_TENANT },
    );
    expect(login.body.mcode).toBe(MCODES.INVALID_CREDENTIALS.code);
  });

  it('lets the same phone register in two tenants', async () => {
    // The demo phone is taken in the dev tenant, free in the other one.
    const code = await t.call(
      'GET',
      `/v1/api/sys/mobile/code?phone=${demo.phone}&type=Register&sendSms=false`,
      undefined,
      {
        tenant: OTHER_TENANT,
      },
    );
    expect(code.body.result).toBe(true);
    const reg = await t.call(
      'POST',
      '/v1/api/user/phone/register',
      { name: 'Twin', phone: demo.phone, password: 'Twin1234', validateCode: code.body.data },
      { tenant: OTHER_TENANT },
    );
    expect(reg.body).toEqual({ result: true, mcode: MCODES.OK.code });
    const found = await t.call(
      'GET',
      `/v1/api/user/list?type=Phone&value=${demo.phone}&page=1&size=10`,
      undefined,
      {
        tenant: OTHER_TENANT,
      },
    );
    expect(found.body.data.total).toBe(1);
    expect(found.body.data.list[0].realName).toBe('Twin');
    const mine = await t.call('GET', `/v1/api/user/list?type=Phone&value=${demo.phone}&page=1&size=10`);
    expect(mine.body.data.list[0].realName).toBe(demo.name);
  });
});

describe('bad requests', () => {
  it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const res = await t.call('POST', '/v1/api/user/login', '{"loginName": "x", ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ result: false, mcode: MCODES.MALFORMED_JSON.code });
  });

  it('answers 404 NOT_FOUND for an unknown route and 405 for a wrong method', async () => {
    const missing = await t.call('GET', '/v1/api/user/nothing/here');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ result: false, mcode: MCODES.NOT_FOUND.code });
    const wrong = await t.call('GET', '/v1/api/user/login');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(wrong.body).toEqual({ result: false, mcode: MCODES.METHOD_NOT_ALLOWED.code });
  });

  it('answers 413 for a body over 1 MB, declared or chunked, and closes the connection', async () => {
    const declared = await t.call('POST', '/v1/api/user/login', 'x'.repeat(1024 * 1024 + 1));
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ result: false, mcode: MCODES.PAYLOAD_TOO_LARGE.code });
    expect(declared.headers.get('connection')).toBe('close');

    const chunked = await new Promise<{ status: number | undefined; body: string }>((resolve, reject) => {
      const url = new URL('/v1/api/user/login', t.url);
      const req = request(url, {
        method: 'POST',
        headers: {
          'x-api-tenantid': DEV_TENANT.id,
          'x-api-token': DEV_TENANT.apiKey,
          'content-type': 'application/json',
        },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (d: Buffer) => {
          body += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 24) {
          sent += 1;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toEqual({ result: false, mcode: MCODES.PAYLOAD_TOO_LARGE.code });
    // Still serving.
    expect((await t.call('GET', `/v1/api/user/${demo.id}/detail`)).status).toBe(200);
  });

  it('answers 415 for a declared non-JSON body', async () => {
    const res = await t.call('POST', '/v1/api/user/login', 'loginName=x', {
      headers: { ...authOf(), 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.mcode).toBe(MCODES.UNSUPPORTED_MEDIA_TYPE.code);
  });

  it('answers INVALID_PARAMETER (400) naming the field, for missing fields and wrong types', async () => {
    const missing = await t.call('POST', '/v1/api/user/login', { loginName: demo.phone });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({
      result: false,
      mcode: MCODES.INVALID_PARAMETER.code,
      message: 'invalid or missing field: password',
    });
    const wrongType = await t.call('POST', '/v1/api/user/login', {
      loginName: 15912345678,
      password: 'Demo1234',
    });
    expect(wrongType.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    expect(wrongType.body.message).toContain('loginName');
    const empty = await t.call('POST', '/v1/api/user/pwd/set');
    expect(empty.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    const array = await t.call('POST', '/v1/api/user/login', [1, 2]);
    expect(array.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
  });

  it('never echoes a secret in an error message', async () => {
    const res = await t.call('POST', '/v1/api/user/pwd/set', {
      userId: demo.id,
      origin: 'Secret-origin-1',
      newPwd: 12345678,
      verifyPwd: 'x',
    });
    expect(res.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    expect(JSON.stringify(res.body)).not.toContain('Secret-origin-1');
    expect(JSON.stringify(res.body)).not.toContain('12345678');
  });

  it('answers USER_NOT_FOUND for an unknown user id, and INVALID_PARAMETER for a broken escape', async () => {
    const res = await t.call('GET', '/v1/api/user/00000000-0000-0000-0000-000000000000/detail');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: false, mcode: MCODES.USER_NOT_FOUND.code });
    const broken = await t.call('GET', '/v1/api/user/%E0%A4%A/detail');
    expect(broken.status).toBe(400);
    expect(broken.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
  });

  it('turns an unexpected error into a 500 INTERNAL_ERROR envelope and keeps serving', async () => {
    const spy = vi.spyOn(t.service.store, 'findUserById').mockImplementation(() => {
      throw new Error('disk on fire');
    });
    try {
      const res = await t.call('GET', `/v1/api/user/${demo.id}/detail`);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ result: false, mcode: MCODES.INTERNAL_ERROR.code });
    } finally {
      spy.mockRestore();
    }
    expect((await t.call('GET', `/v1/api/user/${demo.id}/detail`)).status).toBe(200);
  });

  it('survives a client that hangs up mid-body', async () => {
    await new Promise<void>((resolve) => {
      const req = request(new URL('/v1/api/user/login', t.url), {
        method: 'POST',
        headers: { ...authOf(), 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"loginName":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    expect((await t.call('GET', `/v1/api/user/${demo.id}/detail`)).status).toBe(200);
  });
});

describe('counters', () => {
  it('counts requests by section, 401s in the total, and TCP connections', async () => {
    t.service.counters.reset();
    await t.call('GET', `/v1/api/user/${demo.id}/detail`);
    await t.call('GET', '/v1/api/user/list?type=Email&value=x&page=0&size=1'); // invalid, still counted
    await t.call('GET', `/v1/api/user/${demo.id}/detail`, undefined, { headers: {} }); // 401
    await t.call('GET', '/nowhere'); // 404
    const c = t.service.counters;
    expect(c.total).toBe(4);
    expect(c.bySection).toEqual({ '2.8': 1, '2.7': 1 });
  });

  it('counts TCP connections: sequential keep-alive requests share one', async () => {
    const fresh = await startTestAccountService({ demoData: false });
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 10; i++) {
        const status = await new Promise<number | undefined>((resolve, reject) => {
          const req = request(
            new URL('/v1/api/user/nobody/detail', fresh.url),
            { agent, headers: authOf() },
            (res) => {
              res.resume();
              res.on('end', () => resolve(res.statusCode));
            },
          );
          req.on('error', reject);
          req.end();
        });
        expect(status).toBe(200);
      }
      agent.destroy();
      expect(fresh.service.counters.total).toBe(10);
      expect(fresh.service.counters.bySection['2.8']).toBe(10);
      expect(fresh.service.counters.connections).toBe(1);
    } finally {
      await fresh.close();
    }
  });
});

describe('delayMs', () => {
  it('adds latency before the answer', async () => {
    const slow = await startTestAccountService({ delayMs: 150, demoData: false });
    try {
      const started = performance.now();
      const res = await slow.call('GET', '/v1/api/user/nobody/detail');
      expect(res.body.mcode).toBe(MCODES.USER_NOT_FOUND.code);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    } finally {
      await slow.close();
    }
  });
});

function authOf(): Record<string, string> {
  return { 'x-api-tenantid': DEV_TENANT.id, 'x-api-token': DEV_TENANT.apiKey };
}
