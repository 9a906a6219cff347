/** 2.4 phone registration, 2.5 email registration, 2.15 email registration with a code. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import { lastCode, startTestAccountService, type TestAccountService } from '../helpers/account-service.js';

const OK = { result: true, mcode: 'm0000000' };
let t: TestAccountService;
let seq = 0;
const newPhone = () => `1380000${String(++seq).padStart(4, '0')}`;
const newEmail = () => `person${++seq}@example.com`;

beforeAll(async () => {
  t = await startTestAccountService();
});
afterAll(async () => {
  await t.close();
});

async function phoneCode(phone: string): Promise<string> {
  const res = await t.call('GET', `/v1/api/sys/mobile/code?phone=${phone}&type=Register&sendSms=false`);
  expect(res.body.result).toBe(true);
  return res.body.data as string;
}

async function emailCode(email: string): Promise<string> {
  const res = await t.call(
    'POST',
    `/v1/api/user/email/sendRegisterValidateCode?email=${encodeURIComponent(email)}`,
  );
  expect(res.body.result).toBe(true);
  return lastCode(t.service, email);
}

const login = (loginName: string, password: string) =>
  t.call('POST', '/v1/api/user/login', { loginName, password });

describe('2.4 register by phone', () => {
  it('registers with the contract fields and the user can log in', async () => {
    const phone = newPhone();
    const res = await t.call('POST', '/v1/api/user/phone/register', {
      name: 'Demo',
      phone,
      password: 'Abcd1234~',
      validateCode: await phoneCode(phone),
      recommendCode: 'R42',
      customSource: 'web',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(OK);
    const session = await login(phone, 'Abcd1234~');
    expect(session.body.data.phone).toBe(phone);
    const detail = await t.call('GET', `/v1/api/user/${session.body.data.userId}/detail`);
    expect(detail.body.data).toMatchObject({ username: 'Demo', phone, email: null, accounts: [] });
  });

  it('refuses a registered phone with PHONE_REGISTERED', async () => {
    const phone = newPhone();
    const code = await phoneCode(phone);
    const body = { name: 'First', phone, password: 'First1234', validateCode: code };
    expect((await t.call('POST', '/v1/api/user/phone/register', body)).body).toEqual(OK);
    const again = await t.call('POST', '/v1/api/user/phone/register', { ...body, name: 'Second' });
    expect(again.body).toEqual({ result: false, mcode: MCODES.PHONE_REGISTERED.code });
  });

  it('of 10 concurrent registrations of one phone, exactly one succeeds', async () => {
    const phone = newPhone();
    const code = await phoneCode(phone);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.call('POST', '/v1/api/user/phone/register', {
          name: `Racer ${i}`,
          phone,
          password: 'Racer1234',
          validateCode: code,
        }),
      ),
    );
    const mcodes = answers.map((a) => a.body.mcode);
    expect(mcodes.filter((m) => m === MCODES.OK.code)).toHaveLength(1);
    expect(mcodes.filter((m) => m === MCODES.PHONE_REGISTERED.code)).toHaveLength(9);
    const found = await t.call('GET', `/v1/api/user/list?type=Phone&value=${phone}&page=1&size=10`);
    expect(found.body.data.total).toBe(1);
  });

  it('enforces the password policy and the input formats', async () => {
    const phone = newPhone();
    const code = await phoneCode(phone);
    const base = { name: 'Policy', phone, password: 'Good1234', validateCode: code };
    for (const password of ['Ab1', 'abcdefgh', '12345678', `a1${'x'.repeat(63)}`]) {
      const res = await t.call('POST', '/v1/api/user/phone/register', { ...base, password });
      expect(res.body.mcode, password).toBe(MCODES.PASSWORD_POLICY.code);
    }
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, phone: '+86-159' }, 'phone'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, name: 'x'.repeat(101) }, 'name'],
      [{ ...base, name: undefined }, 'name'],
      [{ ...base, validateCode: 123456 }, 'validateCode'],
      [{ ...base, recommendCode: 'r'.repeat(300) }, 'recommendCode'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('POST', '/v1/api/user/phone/register', body);
      expect(res.status, field).toBe(400);
      expect(res.body).toEqual({
        result: false,
        mcode: MCODES.INVALID_PARAMETER.code,
        message: `invalid or missing field: ${field}`,
      });
    }
    // The code survived the refusals.
    expect((await t.call('POST', '/v1/api/user/phone/register', base)).body).toEqual(OK);
  });

  it('needs the code sent to that phone', async () => {
    const phone = newPhone();
    const res = await t.call('POST', '/v1/api/user/phone/register', {
      name: 'Nocode',
      phone,
      password: 'Nocode123',
      validateCode: '000000',
    });
    expect(res.body).toEqual({ result: false, mcode: MCODES.CODE_INVALID.code });
  });
});

describe('2.5 register by email', () => {
  it('registers with mail + password; the name is the local part', async () => {
    const email = newEmail();
    const res = await t.call('POST', '/v1/api/user/email/register', { mail: email, password: 'Abcd1234~' });
    expect(res.body).toEqual(OK);
    const session = await login(email.toUpperCase(), 'Abcd1234~');
    expect(session.body.result).toBe(true);
    expect(session.body.data.phone).toBeNull();
    const detail = await t.call('GET', `/v1/api/user/${session.body.data.userId}/detail`);
    expect(detail.body.data.username).toBe(email.split('@')[0]);
    expect(detail.body.data.email).toBe(email);
  });

  it('refuses a registered address in any letter case', async () => {
    const res = await t.call('POST', '/v1/api/user/email/register', {
      mail: DEMO_USERS.demo.email.toUpperCase(),
      password: 'Abcd1234',
    });
    expect(res.body).toEqual({ result: false, mcode: MCODES.EMAIL_REGISTERED.code });
  });

  it('of 10 concurrent registrations of one address, exactly one succeeds', async () => {
    const email = newEmail();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.call('POST', '/v1/api/user/email/register', {
          mail: i % 2 === 0 ? email : email.toUpperCase(),
          password: 'Racer1234',
        }),
      ),
    );
    const mcodes = answers.map((a) => a.body.mcode);
    expect(mcodes.filter((m) => m === MCODES.OK.code)).toHaveLength(1);
    expect(mcodes.filter((m) => m === MCODES.EMAIL_REGISTERED.code)).toHaveLength(9);
  });

  it('validates the address and the policy', async () => {
    expect(
      (await t.call('POST', '/v1/api/user/email/register', { mail: 'nope', password: 'Abcd1234' })).body,
    ).toEqual({
      result: false,
      mcode: MCODES.INVALID_PARAMETER.code,
      message: 'invalid or missing field: mail',
    });
    expect(
      (await t.call('POST', '/v1/api/user/email/register', { mail: newEmail(), password: 'abc' })).body.mcode,
    ).toBe(MCODES.PASSWORD_POLICY.code);
    expect(
      (await t.call('POST', '/v1/api/user/email/register', { email: newEmail(), password: 'Abcd1234' })).body
        .mcode,
    ).toBe(MCODES.INVALID_PARAMETER.code);
  });
});

describe('2.15 register by email code', () => {
  it('registers with the code from 2.14, once', async () => {
    const email = newEmail();
    const code = await emailCode(email);
    const body = { name: 'steven', email, password: 'Abcd1234', validateCode: code };
    const res = await t.call('POST', '/v1/api/user/email/registerWithValidateCode', body);
    expect(res.body).toEqual(OK);
    const session = await login(email, 'Abcd1234');
    const detail = await t.call('GET', `/v1/api/user/${session.body.data.userId}/detail`);
    expect(detail.body.data.username).toBe('steven');
    const again = await t.call('POST', '/v1/api/user/email/registerWithValidateCode', body);
    expect(again.body).toEqual({ result: false, mcode: MCODES.EMAIL_REGISTERED.code });
  });

  it('refuses a wrong code, a code of another address, and a missing field', async () => {
    const email = newEmail();
    const other = newEmail();
    await emailCode(email);
    const otherCode = await emailCode(other);
    const wrong = await t.call('POST', '/v1/api/user/email/registerWithValidateCode', {
      name: 'W',
      email,
      password: 'Abcd1234',
      validateCode: otherCode === '000000' ? '000001' : otherCode,
    });
    expect(wrong.body.mcode).toBe(MCODES.CODE_INVALID.code);
    const missing = await t.call('POST', '/v1/api/user/email/registerWithValidateCode', {
      name: 'W',
      email,
      password: 'Abcd1234',
    });
    expect(missing.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
  });

  it('of 10 concurrent registrations with one code, exactly one succeeds', async () => {
    const email = newEmail();
    const code = await emailCode(email);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.call('POST', '/v1/api/user/email/registerWithValidateCode', {
          name: 'Racer',
          email,
          password: 'Racer1234',
          validateCode: code,
        }),
      ),
    );
    const mcodes = answers.map((a) => a.body.mcode);
    expect(mcodes.filter((m) => m === MCODES.OK.code)).toHaveLength(1);
    expect(mcodes.filter((m) => m === MCODES.EMAIL_REGISTERED.code)).toHaveLength(9);
  });
});
