import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { inProcess: true });
});
afterAll(() => stack.stop());

const REQUEST_CODE = `mutation($input: RequestPhoneCodeInput!) {
  requestPhoneCode(input: $input) { __typename ... on PhoneCodeRequest { sent code } ... on Error { message } }
}`;

async function adminCode(phone: string, purpose: string): Promise<string> {
  const res = await stack.gql(
    REQUEST_CODE,
    { input: { phone, purpose, returnCode: true } },
    await stack.adminToken(),
  );
  const code = res.data?.requestPhoneCode.code;
  if (typeof code !== 'string') throw new Error(`no code: ${JSON.stringify(res)}`);
  return code;
}

/** Reads the upstream directly, as a broker's back office would. */
async function rest(path: string, init: RequestInit = {}) {
  const res = await fetch(`${stack.service.url}${path}`, {
    ...init,
    headers: {
      'content-type': 'application/json',
      'x-api-tenantid': DEV_TENANT.id,
      'x-api-token': DEV_TENANT.apiKey,
    },
  });
  return (await res.json()) as { result: boolean; mcode: string; data?: Json };
}

describe('phone password reset', () => {
  it('code as admin, verify, reset, then the new password signs in and the old one does not', async () => {
    const phone = '13900000001';
    // A phone user to reset: register by phone first.
    const registerCode = await adminCode(phone, 'REGISTER');
    const registered = await stack.gql(
      `mutation($input: RegisterByPhoneInput!) { registerByPhone(input: $input) { __typename ... on Session { token user { id phone } } } }`,
      { input: { name: 'Reset Me', phone, password: 'Before123', code: registerCode } },
    );
    expect(registered.data?.registerByPhone).toMatchObject({ __typename: 'Session', user: { phone } });

    const code = await adminCode(phone, 'RESET_PASSWORD');
    const verified = await stack.gql(
      `mutation($input: VerifyPhoneCodeInput!) { verifyPhoneCode(input: $input) { __typename ... on PhoneTicket { ticket } } }`,
      { input: { phone, code } },
    );
    const ticket = verified.data?.verifyPhoneCode.ticket;
    expect(ticket).toEqual(expect.any(String));

    const RESET = `mutation($input: ResetPasswordByPhoneInput!) { resetPasswordByPhone(input: $input) { __typename ... on PasswordReset { phone } } }`;
    const reset = await stack.gql(RESET, { input: { phone, ticket, newPassword: 'After1234' } });
    expect(reset.data?.resetPasswordByPhone).toEqual({ __typename: 'PasswordReset', phone });

    await expect(stack.login(phone, 'After1234')).resolves.toEqual(expect.any(String));
    await expect(stack.login(phone, 'Before123')).rejects.toThrow(/login failed/);
    // The session from before the reset has ended.
    const stale = await stack.gql('{ me { id } }', {}, registered.data?.registerByPhone.token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The ticket was single use.
    const again = await stack.gql(RESET, { input: { phone, ticket, newPassword: 'Again1234' } });
    expect(again.data?.resetPasswordByPhone.__typename).toBe('InvalidTicket');
  });

  it('answers InvalidCode for a wrong code, and ValidationError with field paths for bad input', async () => {
    const wrong = await stack.gql(
      `mutation { verifyPhoneCode(input: { phone: "${DEMO_USERS.demo.phone}", code: "000000" }) { __typename ... on InvalidCode { reason } } }`,
    );
    expect(wrong.data?.verifyPhoneCode).toEqual({ __typename: 'InvalidCode', reason: 'WRONG_OR_EXPIRED' });

    const invalid = await stack.gql(
      `mutation { verifyPhoneCode(input: { phone: "12ab", code: "12" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
    );
    expect(invalid.data?.verifyPhoneCode.__typename).toBe('ValidationError');
    const paths = invalid.data?.verifyPhoneCode.fieldErrors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['input.phone', 'input.code']));
  });
});

describe('registration', () => {
  it('registers by phone with a code and signs the user in; a second registration is AlreadyRegistered', async () => {
    const phone = '13900000002';
    const code = await adminCode(phone, 'REGISTER');
    const REGISTER = `mutation($input: RegisterByPhoneInput!) { registerByPhone(input: $input) { __typename ... on Session { token user { id name phone } } ... on AlreadyRegistered { field } } }`;
    const res = await stack.gql(REGISTER, {
      input: { name: 'Phone Person', phone, password: 'Phone1234', code },
    });
    expect(res.data?.registerByPhone).toMatchObject({
      __typename: 'Session',
      user: { name: 'Phone Person', phone },
    });
    const me = await stack.gql(`{ me { phone } }`, {}, res.data?.registerByPhone.token);
    expect(me.data?.me.phone).toBe(phone);

    const again = await stack.gql(REQUEST_CODE, { input: { phone, purpose: 'REGISTER' } });
    expect(again.data?.requestPhoneCode).toMatchObject({ __typename: 'AlreadyRegistered' });
  });

  it('registers by email with an emailed code, and without one', async () => {
    const email = 'coded@example.com';
    const sent = await stack.gql(
      `mutation { sendEmailCode(input: { email: "${email}" }) { __typename ... on EmailCodeRequest { email } } }`,
    );
    expect(sent.data?.sendEmailCode).toEqual({ __typename: 'EmailCodeRequest', email });
    const code = stack.service.store.outbox(email).at(-1)?.code;
    expect(code).toMatch(/^[0-9]{6}$/);

    const REGISTER = `mutation($input: RegisterByEmailInput!) { registerByEmail(input: $input) { __typename ... on Session { user { name email } } ... on AlreadyRegistered { field } ... on InvalidCode { reason } } }`;
    const wrongCode = await stack.gql(REGISTER, {
      input: { email, password: 'Email1234', name: 'Coded', code: code === '111111' ? '222222' : '111111' },
    });
    expect(wrongCode.data?.registerByEmail.__typename).toBe('InvalidCode');
    const coded = await stack.gql(REGISTER, { input: { email, password: 'Email1234', name: 'Coded', code } });
    expect(coded.data?.registerByEmail).toEqual({ __typename: 'Session', user: { name: 'Coded', email } });

    const plain = await stack.gql(REGISTER, { input: { email: 'plain@example.com', password: 'Email1234' } });
    expect(plain.data?.registerByEmail).toMatchObject({
      __typename: 'Session',
      user: { email: 'plain@example.com' },
    });

    const duplicate = await stack.gql(REGISTER, {
      input: { email: 'PLAIN@example.com', password: 'Email1234' },
    });
    expect(duplicate.data?.registerByEmail).toEqual({ __typename: 'AlreadyRegistered', field: 'EMAIL' });
  });

  it('enforces the password policy before calling upstream', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(
      `mutation { registerByEmail(input: { email: "weak@example.com", password: "short" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
    );
    expect(res.data?.registerByEmail).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'password'], message: expect.stringContaining('8 to 64') }],
    });
    expect(stack.service.counters.total).toBe(0);
  });
});

describe('the signed-in user changes their own data', () => {
  it('updates the avatar and reads it back', async () => {
    const token = await stack.login('plain@example.com', 'Email1234').catch(async () => {
      await stack.gql(
        `mutation { registerByEmail(input: { email: "plain@example.com", password: "Email1234" }) { __typename } }`,
      );
      return stack.login('plain@example.com', 'Email1234');
    });
    const url = '//cdn.example.com/avatars/1.png';
    const res = await stack.gql(
      `mutation($url: String!) { updateAvatar(url: $url) { __typename ... on User { avatar } } }`,
      { url },
      token,
    );
    expect(res.data?.updateAvatar).toEqual({ __typename: 'User', avatar: url });
    const me = await stack.gql(`{ me { avatar } }`, {}, token);
    expect(me.data?.me.avatar).toBe(url);

    const bad = await stack.gql(
      `mutation { updateAvatar(url: "javascript:alert(1)") { __typename } }`,
      {},
      token,
    );
    expect(bad.data?.updateAvatar.__typename).toBe('ValidationError');
  });

  it('merges a partial profile update and keeps fields the schema does not know', async () => {
    const token = await stack.demoToken();
    const before = await rest(`/v1/api/account/${DEMO_USERS.demo.id}/info`);
    const document = before.data;
    document.base.brokerOnlyField = { tier: 'gold', since: 2019 };
    document.finance.customRiskScore = '7';
    expect(
      (
        await rest(`/v1/api/account/${DEMO_USERS.demo.id}/update`, {
          method: 'POST',
          body: JSON.stringify(document),
        })
      ).result,
    ).toBe(true);

    const res = await stack.gql(
      `mutation($input: ProfileUpdateInput!) { updateProfile(input: $input) { __typename ... on UpdateProfilePayload { user { id } profile { base { accountName residence { city country } extraFields } finance { remark } } } } }`,
      {
        input: { base: { accountName: 'Renamed', residence: { city: 'Taipei' } }, finance: { remark: null } },
      },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.updateProfile.user.id).toBe(DEMO_USERS.demo.id);
    const profile = res.data?.updateProfile.profile;
    expect(profile.base.accountName).toBe('Renamed');
    expect(profile.base.residence.city).toBe('Taipei');
    expect(profile.base.residence.country).toBe(document.base.residence.country);
    expect(profile.base.extraFields.brokerOnlyField).toEqual({ tier: 'gold', since: 2019 });
    expect(profile.finance.remark).toBe('');

    const after = (await rest(`/v1/api/account/${DEMO_USERS.demo.id}/info`)).data;
    expect(after.base.brokerOnlyField).toEqual({ tier: 'gold', since: 2019 });
    expect(after.finance.customRiskScore).toBe('7');
    expect(after.cert).toEqual(document.cert);
    expect(after.base.birthday).toBe(document.base.birthday);
  });

  it('changes the password only with the right current one', async () => {
    await stack.gql(
      `mutation { registerByEmail(input: { email: "changer@example.com", password: "Old12345" }) { __typename } }`,
    );
    const token = await stack.login('changer@example.com', 'Old12345');
    const CHANGE = `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename ... on ChangePasswordPayload { user { email } session { token } } } }`;
    const wrong = await stack.gql(
      CHANGE,
      { input: { currentPassword: 'Nope1234', newPassword: 'New12345' } },
      token,
    );
    expect(wrong.data?.changePassword.__typename).toBe('InvalidCredentials');
    const ok = await stack.gql(
      CHANGE,
      { input: { currentPassword: 'Old12345', newPassword: 'New12345' } },
      token,
    );
    expect(ok.data?.changePassword).toMatchObject({
      __typename: 'ChangePasswordPayload',
      user: { email: 'changer@example.com' },
    });
    await expect(stack.login('changer@example.com', 'New12345')).resolves.toEqual(expect.any(String));

    // Sessions from before the change have ended; the one the change answered works.
    const stale = await stack.gql('{ me { id } }', {}, token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await stack.gql('{ me { email } }', {}, ok.data?.changePassword.session.token);
    expect(fresh.data?.me.email).toBe('changer@example.com');

    const anonymous = await stack.gql(CHANGE, {
      input: { currentPassword: 'New12345', newPassword: 'New23456' },
    });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads task states, null where there is no task', async () => {
    const token = await stack.demoToken();
    const res = await stack.gql(
      `{ me { open: task(type: OPEN_ACCOUNT) { id type state createdAt userId } owner: task(type: UPDATE_OWNER) { id } } }`,
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.me.open).toMatchObject({
      type: 'OPEN_ACCOUNT',
      userId: DEMO_USERS.demo.id,
      state: expect.any(String),
    });
    expect(new Date(res.data?.me.open.createdAt).toISOString()).toBe(res.data?.me.open.createdAt);
    expect(res.data?.me.owner).toBeNull();
  });
});
