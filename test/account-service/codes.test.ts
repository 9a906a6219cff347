/** 2.1, 2.2, 2.3 and 2.14: verification codes, tickets and password reset by phone. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CODE_RULES, TICKET_RULES } from '../../src/account-service/codes.js';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { MCODES } from '../../src/contract/mcodes.js';
import {
  lastCode,
  OTHER_TENANT,
  startTestAccountService,
  type TestAccountService,
  testClock,
} from '../helpers/account-service.js';

const demo = DEMO_USERS.demo;
const clock = testClock();
let t: TestAccountService;
let phoneSeq = 0;
/** A fresh unregistered phone per test, so cooldowns do not leak between tests. */
const newPhone = () => `1370000${String(++phoneSeq).padStart(4, '0')}`;

const codeUrl = (phone: string, type: string, sendSms?: boolean) =>
  `/v1/api/sys/mobile/code?phone=${encodeURIComponent(phone)}&type=${type}${sendSms === undefined ? '' : `&sendSms=${sendSms}`}`;
const verifyUrl = (phone: string, code: string) =>
  `/v1/api/sys/phone/code/verify?phone=${phone}&code=${code}`;
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

beforeAll(async () => {
  t = await startTestAccountService({ now: clock.now });
});
afterAll(async () => {
  await t.close();
});
beforeEach(() => {
  clock.advance(10 * 60_000);
});

async function registerPhone(phone: string, password = 'Start1234'): Promise<void> {
  const code = await t.call('GET', codeUrl(phone, 'Register', false));
  const res = await t.call('POST', '/v1/api/user/phone/register', {
    name: `user ${phone}`,
    phone,
    password,
    validateCode: code.body.data,
  });
  expect(res.body.result).toBe(true);
}

describe('2.1 phone code', () => {
  it('sendSms=false answers the 6-digit code in data', async () => {
    const res = await t.call('GET', codeUrl(newPhone(), 'Register', false));
    expect(res.status).toBe(200);
    expect(res.body.result).toBe(true);
    expect(res.body.mcode).toBe('m0000000');
    expect(res.body.data).toMatch(/^[0-9]{6}$/);
  });

  it('by default (sendSms=true) omits data and puts the code in the outbox', async () => {
    const phone = newPhone();
    const res = await t.call('GET', codeUrl(phone, 'Register'));
    expect(res.body).toEqual({ result: true, mcode: 'm0000000' });
    const outbox = t.service.store.outbox(phone);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ target: phone, purpose: 'Register', sentAt: clock.now() });
    expect(outbox[0]?.code).toMatch(/^[0-9]{6}$/);
    const explicit = await t.call('GET', codeUrl(newPhone(), 'UpdatePhoneNumber', true));
    expect(explicit.body).toEqual({ result: true, mcode: 'm0000000' });
  });

  it('stores codes hashed, never in clear, outside the outbox', () => {
    const rows = t.service.store.db.prepare('SELECT code_hash FROM codes').all() as Array<{
      code_hash: string;
    }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.code_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses Register and UpdatePhoneNumber codes for a registered phone', async () => {
    for (const type of ['Register', 'UpdatePhoneNumber']) {
      const res = await t.call('GET', codeUrl(demo.phone, type));
      expect(res.body).toEqual({ result: false, mcode: MCODES.PHONE_REGISTERED.code });
    }
  });

  it('answers a ResetPassword request for an unknown phone like a known one, but sends nothing', async () => {
    const unknown = newPhone();
    const known = newPhone();
    await registerPhone(known);
    const a = await t.call('GET', codeUrl(unknown, 'ResetPassword'));
    const b = await t.call('GET', codeUrl(known, 'ResetPassword'));
    expect(a.body).toEqual(b.body);
    expect(a.body).toEqual({ result: true, mcode: 'm0000000' });
    expect(t.service.store.outbox(unknown)).toHaveLength(0);
    expect(t.service.store.outbox(known).filter((m) => m.purpose === 'ResetPassword')).toHaveLength(1);
    // The cooldown applies alike, so a second request tells nothing either.
    expect((await t.call('GET', codeUrl(unknown, 'ResetPassword'))).body.mcode).toBe(
      MCODES.CODE_COOLDOWN.code,
    );
    expect((await t.call('GET', codeUrl(known, 'ResetPassword'))).body.mcode).toBe(MCODES.CODE_COOLDOWN.code);
  });

  it('enforces a 60 s cooldown per phone and purpose', async () => {
    const phone = newPhone();
    expect((await t.call('GET', codeUrl(phone, 'Register'))).body.result).toBe(true);
    clock.advance(CODE_RULES.cooldownMs - 1);
    const early = await t.call('GET', codeUrl(phone, 'Register'));
    expect(early.body).toEqual({ result: false, mcode: MCODES.CODE_COOLDOWN.code });
    // Another purpose is not blocked.
    expect((await t.call('GET', codeUrl(phone, 'UpdatePhoneNumber'))).body.result).toBe(true);
    clock.advance(1);
    expect((await t.call('GET', codeUrl(phone, 'Register'))).body.result).toBe(true);
    expect(t.service.store.outbox(phone).filter((m) => m.purpose === 'Register')).toHaveLength(2);
  });

  it('validates phone, type and sendSms', async () => {
    for (const url of [
      '/v1/api/sys/mobile/code?type=Register',
      '/v1/api/sys/mobile/code?phone=12ab5678&type=Register',
      '/v1/api/sys/mobile/code?phone=12345&type=Register',
      `/v1/api/sys/mobile/code?phone=${newPhone()}`,
      `/v1/api/sys/mobile/code?phone=${newPhone()}&type=Login`,
      `/v1/api/sys/mobile/code?phone=${newPhone()}&type=Register&sendSms=maybe`,
    ]) {
      const res = await t.call('GET', url);
      expect(res.status, url).toBe(400);
      expect(res.body.mcode, url).toBe(MCODES.INVALID_PARAMETER.code);
    }
  });
});

describe('codes as used by 2.4 registration', () => {
  it('expire after 5 minutes', async () => {
    const phone = newPhone();
    const code = (await t.call('GET', codeUrl(phone, 'Register', false))).body.data as string;
    clock.advance(CODE_RULES.ttlMs);
    const res = await t.call('POST', '/v1/api/user/phone/register', {
      name: 'Late',
      phone,
      password: 'Late1234',
      validateCode: code,
    });
    expect(res.body).toEqual({ result: false, mcode: MCODES.CODE_INVALID.code });
  });

  it('are void after 5 wrong tries, even for the right code afterwards', async () => {
    const phone = newPhone();
    const code = (await t.call('GET', codeUrl(phone, 'Register', false))).body.data as string;
    const body = { name: 'Guess', phone, password: 'Guess1234' };
    const answers: string[] = [];
    for (let i = 0; i < CODE_RULES.maxAttempts; i++) {
      answers.push(
        (await t.call('POST', '/v1/api/user/phone/register', { ...body, validateCode: wrongCode(code) })).body
          .mcode,
      );
    }
    expect(answers).toEqual([
      ...Array(CODE_RULES.maxAttempts - 1).fill(MCODES.CODE_INVALID.code),
      MCODES.CODE_ATTEMPTS_EXCEEDED.code,
    ]);
    const right = await t.call('POST', '/v1/api/user/phone/register', { ...body, validateCode: code });
    expect(right.body).toEqual({ result: false, mcode: MCODES.CODE_ATTEMPTS_EXCEEDED.code });
    // A new code (after the cooldown) works again.
    clock.advance(CODE_RULES.cooldownMs);
    const fresh = (await t.call('GET', codeUrl(phone, 'Register', false))).body.data as string;
    const ok = await t.call('POST', '/v1/api/user/phone/register', { ...body, validateCode: fresh });
    expect(ok.body.result).toBe(true);
  });

  it('are bound to the phone and the purpose', async () => {
    const phone = newPhone();
    const other = newPhone();
    const reset = (await t.call('GET', codeUrl(phone, 'UpdatePhoneNumber', false))).body.data as string;
    const register = (await t.call('GET', codeUrl(other, 'Register', false))).body.data as string;
    const wrongPurpose = await t.call('POST', '/v1/api/user/phone/register', {
      name: 'X',
      phone,
      password: 'Bound1234',
      validateCode: reset,
    });
    expect(wrongPurpose.body.mcode).toBe(MCODES.CODE_INVALID.code);
    const wrongPhone = await t.call('POST', '/v1/api/user/phone/register', {
      name: 'X',
      phone,
      password: 'Bound1234',
      validateCode: register,
    });
    expect(wrongPhone.body.mcode).toBe(MCODES.CODE_INVALID.code);
  });

  it('are single use', async () => {
    const phone = newPhone();
    await registerPhone(phone);
    clock.advance(CODE_RULES.cooldownMs);
    const code = (await t.call('GET', codeUrl(phone, 'ResetPassword', false))).body.data as string;
    expect((await t.call('GET', verifyUrl(phone, code))).body.result).toBe(true);
    expect((await t.call('GET', verifyUrl(phone, code))).body).toEqual({
      result: false,
      mcode: MCODES.CODE_INVALID.code,
    });
  });
});

describe('2.2 verify and 2.3 reset', () => {
  async function ticketFor(phone: string): Promise<string> {
    const code = lastCodeAfterRequest(phone);
    const res = await t.call('GET', verifyUrl(phone, await code));
    expect(res.body.result).toBe(true);
    return res.body.data as string;
  }
  async function lastCodeAfterRequest(phone: string): Promise<string> {
    expect((await t.call('GET', codeUrl(phone, 'ResetPassword'))).body.result).toBe(true);
    return lastCode(t.service, phone);
  }
  const reset = (phone: string, body: Record<string, unknown>) =>
    t.call('POST', `/v1/api/user/pwd/reset/${phone}/phone`, body);

  it('issues an opaque ticket that resets the password once', async () => {
    const phone = newPhone();
    await registerPhone(phone, 'Before1234');
    const ticket = await ticketFor(phone);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes, base64url
    const res = await reset(phone, { newPwd: 'After1234!', verified: 'After1234!', ticket });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: true, mcode: 'm0000000' });
    const oldLogin = await t.call('POST', '/v1/api/user/login', { loginName: phone, password: 'Before1234' });
    expect(oldLogin.body.mcode).toBe(MCODES.INVALID_CREDENTIALS.code);
    const newLogin = await t.call('POST', '/v1/api/user/login', { loginName: phone, password: 'After1234!' });
    expect(newLogin.body.result).toBe(true);
    const again = await reset(phone, { newPwd: 'Again1234', verified: 'Again1234', ticket });
    expect(again.body).toEqual({ result: false, mcode: MCODES.TICKET_INVALID.code });
  });

  it('stores tickets hashed', async () => {
    const phone = newPhone();
    await registerPhone(phone);
    const ticket = await ticketFor(phone);
    const rows = t.service.store.db.prepare('SELECT ticket_hash FROM tickets').all() as Array<{
      ticket_hash: string;
    }>;
    expect(rows.some((r) => r.ticket_hash === ticket)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.ticket_hash))).toBe(true);
  });

  it('refuses a ticket after 10 minutes, for another phone, or of another tenant', async () => {
    const phone = newPhone();
    const other = newPhone();
    await registerPhone(phone);
    await registerPhone(other);
    const ticket = await ticketFor(phone);
    const body = { newPwd: 'Other1234', verified: 'Other1234', ticket };
    expect((await reset(other, body)).body.mcode).toBe(MCODES.TICKET_INVALID.code);
    const crossTenant = await t.call('POST', `/v1/api/user/pwd/reset/${phone}/phone`, body, {
      tenant: OTHER_TENANT,
    });
    expect(crossTenant.body.mcode).toBe(MCODES.TICKET_INVALID.code);
    clock.advance(TICKET_RULES.ttlMs);
    expect((await reset(phone, body)).body.mcode).toBe(MCODES.TICKET_INVALID.code);
    expect((await reset(phone, { ...body, ticket: 'not-a-ticket' })).body.mcode).toBe(
      MCODES.TICKET_INVALID.code,
    );
  });

  it('checks confirmation and policy before using the ticket', async () => {
    const phone = newPhone();
    await registerPhone(phone);
    const ticket = await ticketFor(phone);
    const mismatch = await reset(phone, { newPwd: 'Abcd1234!', verified: 'Abcd1234?', ticket });
    expect(mismatch.body).toEqual({ result: false, mcode: MCODES.PASSWORD_MISMATCH.code });
    for (const weak of ['short1', 'onlyletters', '12345678901', 'x1'.repeat(33)]) {
      const res = await reset(phone, { newPwd: weak, verified: weak, ticket });
      expect(res.body.mcode, weak).toBe(MCODES.PASSWORD_POLICY.code);
    }
    // The ticket is still good.
    expect((await reset(phone, { newPwd: 'Finally123', verified: 'Finally123', ticket })).body.result).toBe(
      true,
    );
  });

  it('verifies only ResetPassword codes, counting wrong tries', async () => {
    const phone = newPhone();
    const register = (await t.call('GET', codeUrl(phone, 'Register', false))).body.data as string;
    expect((await t.call('GET', verifyUrl(phone, register))).body.mcode).toBe(MCODES.CODE_INVALID.code);
    const known = newPhone();
    await registerPhone(known);
    const code = await lastCodeAfterRequest(known);
    for (let i = 1; i < CODE_RULES.maxAttempts; i++) {
      expect((await t.call('GET', verifyUrl(known, wrongCode(code)))).body.mcode).toBe(
        MCODES.CODE_INVALID.code,
      );
    }
    expect((await t.call('GET', verifyUrl(known, wrongCode(code)))).body.mcode).toBe(
      MCODES.CODE_ATTEMPTS_EXCEEDED.code,
    );
    expect((await t.call('GET', verifyUrl(known, code))).body.mcode).toBe(MCODES.CODE_ATTEMPTS_EXCEEDED.code);
  });

  it('validates its inputs', async () => {
    expect((await t.call('GET', '/v1/api/sys/phone/code/verify?phone=15912345678')).status).toBe(400);
    expect((await t.call('GET', '/v1/api/sys/phone/code/verify?phone=abc&code=123456')).body.mcode).toBe(
      MCODES.INVALID_PARAMETER.code,
    );
    const missingTicket = await reset(demo.phone, { newPwd: 'Abcd1234', verified: 'Abcd1234' });
    expect(missingTicket.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    expect(missingTicket.body.message).toContain('ticket');
    const badPhone = await t.call('POST', '/v1/api/user/pwd/reset/not-a-phone/phone', {
      newPwd: 'Abcd1234',
      verified: 'Abcd1234',
      ticket: 'x',
    });
    expect(badPhone.body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
  });
});

describe('2.14 email code', () => {
  const send = (email: string) =>
    t.call('POST', `/v1/api/user/email/sendRegisterValidateCode?email=${encodeURIComponent(email)}`);

  it('sends a code to the outbox and answers without data', async () => {
    const res = await send('New.Person@Example.com');
    expect(res.body).toEqual({ result: true, mcode: 'm0000000' });
    const outbox = t.service.store.outbox('new.person@example.com');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.code).toMatch(/^[0-9]{6}$/);
  });

  it('refuses a registered address, a bad address, and a resend within 60 s', async () => {
    expect((await send('DEMO@example.com')).body).toEqual({
      result: false,
      mcode: MCODES.EMAIL_REGISTERED.code,
    });
    expect((await send('not-an-email')).body.mcode).toBe(MCODES.INVALID_PARAMETER.code);
    expect((await t.call('POST', '/v1/api/user/email/sendRegisterValidateCode')).body.mcode).toBe(
      MCODES.INVALID_PARAMETER.code,
    );
    expect((await send('cool@example.com')).body.result).toBe(true);
    clock.advance(30_000);
    expect((await send('COOL@example.com')).body.mcode).toBe(MCODES.CODE_COOLDOWN.code);
    clock.advance(30_000);
    expect((await send('cool@example.com')).body.result).toBe(true);
  });
});
