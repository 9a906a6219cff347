/**
 * Values are checked for meaning, not only shape: birthdays are calendar dates, phones are numbers
 * a phone could have and reach the account service in one form, country codes exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { NO_COUNTRY_CODE } from '../../src/schema/phone-number.js';
import { type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
let demo: string;
let admin: string;
beforeAll(async () => {
  stack = await startStack({}, { inProcess: true });
  demo = await stack.demoToken();
  admin = await stack.adminToken();
});
afterAll(() => stack.stop());

const UPDATE_PROFILE = `mutation($input: ProfileUpdateInput!) {
  updateProfile(input: $input) {
    __typename
    ... on UpdateProfilePayload { profile { base { birthday phones { countryCode number formatted } } } }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;

const updateProfile = (input: Record<string, unknown>) => stack.gql(UPDATE_PROFILE, { input }, demo);

/** The stored profile document, as the account service has it. */
const stored = () =>
  stack.service.store.getProfile(DEV_TENANT.id, DEMO_USERS.demo.id) as { base?: Record<string, unknown> };

describe('birthdays', () => {
  const today = new Date();
  const inDays = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);

  it.each([
    ['1990-13-45', 'is not a calendar date'],
    ['2023-02-29', 'is not a calendar date'],
    ['1990-04-31', 'is not a calendar date'],
    ['1990-00-10', 'is not a calendar date'],
    ['1899-12-31', 'must be 1900-01-01 or later'],
    ['0045-01-01', 'must be 1900-01-01 or later'],
    [inDays(3), 'must not be in the future'],
    ['1990-1-1', 'must be a date as YYYY-MM-DD, or empty'],
    ['yesterday', 'must be a date as YYYY-MM-DD, or empty'],
  ])('refuses %s before any upstream call', async (birthday, message) => {
    stack.service.counters.reset();
    const res = await updateProfile({ base: { birthday } });
    expect(res.data?.updateProfile).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'base', 'birthday'], message }],
    });
    expect(stack.service.counters.total).toBe(0);
  });

  it('refuses one written as a literal too, yet stores leap days and clears with an empty string', async () => {
    const literal = await stack.gql(
      `mutation { updateProfile(input: { base: { birthday: "1990-13-45" } }) { __typename } }`,
      {},
      demo,
    );
    expect(literal.data?.updateProfile.__typename).toBe('ValidationError');
    const leap = await updateProfile({ base: { birthday: '2000-02-29' } });
    expect(leap.data?.updateProfile.profile.base.birthday).toBe('2000-02-29');
    const clear = await updateProfile({ base: { birthday: '' } });
    expect(clear.data?.updateProfile.profile.base.birthday).toBe('');
  });
});

describe('profile phone numbers', () => {
  it('are stored as national digits whatever the formatting', async () => {
    const res = await updateProfile({
      base: { phones: { countryCode: '+86', number: '(159) 1234-5678', formatted: '+86 159 1234 5678' } },
    });
    expect(res.data?.updateProfile.profile.base.phones).toEqual({
      countryCode: '+86',
      number: '15912345678',
      formatted: '+86 159 1234 5678',
    });
    expect(stored().base?.phones).toMatchObject({ phone: '15912345678' });
  });

  it("keep the contract's own example and clear with an empty number", async () => {
    const example = await updateProfile({
      base: { standbyTelephone: { countryCode: '+886', number: '123-12', formatted: '+886 12312' } },
    });
    expect(example.data?.updateProfile.profile.base).toBeDefined();
    expect(stored().base?.standbyTelephone).toEqual({
      countryCode: '+886',
      phone: '12312',
      phoneStr: '+886 12312',
    });
    const cleared = await updateProfile({ base: { standbyTelephone: { countryCode: '', number: '' } } });
    expect(cleared.data?.updateProfile.__typename).toBe('UpdateProfilePayload');
    expect(stored().base?.standbyTelephone).toMatchObject({ countryCode: '', phone: '' });
  });

  it.each([
    [{ number: '+86 159 1234 5678' }, ['number'], NO_COUNTRY_CODE],
    [{ number: '0086 159 1234 5678' }, ['number'], NO_COUNTRY_CODE],
    [{ number: '12-3' }, ['number'], 'must have 4 to 15 digits'],
    [{ number: '159 1234 5678 ext 9' }, ['number'], expect.stringMatching(/^must be a phone number/)],
    [
      { countryCode: '+999', number: '15912345678' },
      ['countryCode'],
      expect.stringMatching(/country calling code/),
    ],
    [
      { countryCode: '86', number: '15912345678' },
      ['countryCode'],
      expect.stringMatching(/country calling code/),
    ],
    [
      { countryCode: '+886', number: '1591234567890' },
      ['number'],
      expect.stringMatching(/at most 15 digits/),
    ],
  ])('refuse %o', async (phones, path, message) => {
    stack.service.counters.reset();
    const res = await updateProfile({ base: { phones } });
    expect(res.data?.updateProfile).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'base', 'phones', ...path], message }],
    });
    expect(stack.service.counters.total).toBe(0);
  });
});

const REQUEST_CODE = `mutation($input: RequestPhoneCodeInput!) {
  requestPhoneCode(input: $input) {
    __typename
    ... on PhoneCodeRequest { code }
    ... on ValidationError { fieldErrors { path message } }
  }
}`;

describe('account phones', () => {
  it('one number registers one user, however it is written', async () => {
    const code = (
      await stack.gql(
        REQUEST_CODE,
        { input: { phone: '138 0000 1234', purpose: 'REGISTER', returnCode: true } },
        admin,
      )
    ).data?.requestPhoneCode.code;
    expect(code).toMatch(/^[0-9]{6}$/);
    const REGISTER = `mutation($input: RegisterByPhoneInput!) { registerByPhone(input: $input) { __typename ... on Session { user { phone } } } }`;
    const first = await stack.gql(REGISTER, {
      input: { name: 'Formatted', phone: '138-0000-1234', password: 'Format1234', code },
    });
    expect(first.data?.registerByPhone).toEqual({ __typename: 'Session', user: { phone: '13800001234' } });

    // The same number in other clothes is the same user.
    for (const phone of ['13800001234', '(138) 0000.1234', '１３８００００１２３４']) {
      const again = await stack.gql(REGISTER, {
        input: { name: 'Twin', phone, password: 'Format1234', code: '000000' },
      });
      expect(['AlreadyRegistered', 'InvalidCode']).toContain(again.data?.registerByPhone.__typename);
    }
    expect(stack.service.store.findUserByPhone(DEV_TENANT.id, '138-0000-1234')).toBeUndefined();
    for (const loginName of ['13800001234', '138 0000 1234', '(138) 0000-1234']) {
      expect(await stack.login(loginName, 'Format1234')).toEqual(expect.any(String));
    }
  });

  it.each([
    ['+86 138 0000 1234', NO_COUNTRY_CODE],
    ['+8613800001234', NO_COUNTRY_CODE],
    ['008613800001234', NO_COUNTRY_CODE],
    ['＋86 138 0000 1234', NO_COUNTRY_CODE],
    ['12345', 'must have 6 to 15 digits'],
    ['1380000123456789', 'must have 6 to 15 digits'],
    ['138 0000 12a4', expect.stringMatching(/^must be a phone number/)],
  ])('refuses %s with a clear message before any upstream call', async (phone, message) => {
    stack.service.counters.reset();
    const res = await stack.gql(REQUEST_CODE, { input: { phone, purpose: 'RESET_PASSWORD' } });
    expect(res.data?.requestPhoneCode).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'phone'], message }],
    });
    expect(stack.service.counters.total).toBe(0);
  });

  it('refuses a phone-shaped login name with a country code', async () => {
    stack.service.counters.reset();
    const res = await stack.gql(
      `mutation { login(input: { loginName: "+86 159 1234 5678", password: "Demo1234" }) { __typename ... on ValidationError { fieldErrors { path message } } } }`,
    );
    expect(res.data?.login).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'loginName'], message: NO_COUNTRY_CODE }],
    });
    expect(stack.service.counters.total).toBe(0);
  });
});

describe('the PHONE search', () => {
  const SEARCH = `query($value: String!) { users(search: { field: PHONE, value: $value }) { totalCount nodes { id } } }`;

  it('finds a user by a formatted number or part of one', async () => {
    for (const value of ['159 1234 5678', '(159) 1234-5678', '1234-5678']) {
      const res = await stack.gql(SEARCH, { value }, admin);
      expect(res.data?.users.nodes, value).toContainEqual({ id: DEMO_USERS.demo.id });
    }
  });

  it('answers BAD_USER_INPUT for a country code or letters, before any upstream call', async () => {
    for (const [value, message] of [
      ['+86 159 1234 5678', NO_COUNTRY_CODE],
      ['159 abc', expect.stringMatching(/^must be a phone number/)],
    ] as const) {
      stack.service.counters.reset();
      const res = await stack.gql(SEARCH, { value }, admin);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: ['search', 'value'], message }],
      });
      expect(stack.service.counters.total).toBe(0);
    }
  });
});
