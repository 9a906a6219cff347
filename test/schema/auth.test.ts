import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

const ME = `{ me { id name email phone nickname tradingAccounts { id type balance currency leverage platform server active group { id name } } } }`;
const USER = `query($id: ID!) { user(id: $id) { id name email } }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({}, { inProcess: true });
});
afterAll(() => stack.stop());

describe('login and me', () => {
  it('signs the demo user in by phone, email and user name, and me answers with their data', async () => {
    for (const loginName of [
      DEMO_USERS.demo.phone,
      DEMO_USERS.demo.email.toUpperCase(),
      DEMO_USERS.demo.name,
    ]) {
      const res = await stack.gql(
        `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Session { token expiresAt user { id language lastLoginAt } } } }`,
        { input: { loginName, password: DEMO_USERS.demo.password } },
      );
      expect(res.errors).toBeUndefined();
      const session = res.data?.login;
      expect(session.__typename).toBe('Session');
      expect(session.user.id).toBe(DEMO_USERS.demo.id);
      expect(session.user.language).toBe('en-US');
      expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(new Date(session.user.lastLoginAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }

    const token = await stack.demoToken();
    const me = await stack.gql(ME, {}, token);
    expect(me.errors).toBeUndefined();
    expect(me.data?.me).toMatchObject({
      id: DEMO_USERS.demo.id,
      phone: DEMO_USERS.demo.phone,
      nickname: 'demo',
    });
    const accounts = me.data?.me.tradingAccounts;
    expect(accounts).toContainEqual(
      expect.objectContaining({
        id: '2090001252',
        type: 'LIVE',
        balance: 1014.07,
        group: { id: '9', name: 'Standard USD' },
      }),
    );
    expect(accounts).toContainEqual(expect.objectContaining({ id: '2090005469', type: 'DEMO', group: null }));
  });

  it('answers InvalidCredentials the same way for a wrong password and an unknown account', async () => {
    const attempt = (loginName: string) =>
      stack.gql(
        `mutation { login(input: { loginName: "${loginName}", password: "Wrong1234" }) { __typename ... on Error { message } } }`,
      );
    const wrong = await attempt(DEMO_USERS.demo.phone);
    const unknown = await attempt('nobody@example.com');
    expect(wrong.data?.login).toEqual({ __typename: 'InvalidCredentials', message: expect.any(String) });
    expect(unknown.data?.login).toEqual(wrong.data?.login);
  });

  it('refuses anonymous me, and a forged or garbled token, as UNAUTHENTICATED', async () => {
    const token = await stack.demoToken();
    const forged = `${token.slice(0, -4)}AAAA`;
    for (const t of [undefined, forged, 'not-a-token']) {
      const res = await stack.gql(ME, {}, t);
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('authorization', () => {
  it('lets a viewer read themself but not another user', async () => {
    const token = await stack.demoToken();
    const self = await stack.gql(USER, { id: DEMO_USERS.demo.id }, token);
    expect(self.data?.user).toMatchObject({ id: DEMO_USERS.demo.id, email: DEMO_USERS.demo.email });

    const other = await stack.gql(USER, { id: DEMO_USERS.admin.id }, token);
    expect(other.data?.user).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses anonymous reads of any user and any search', async () => {
    const res = await stack.gql(USER, { id: DEMO_USERS.demo.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const search = await stack.gql(`{ users(search: { field: NAME, value: "a" }) { totalCount } }`);
    expect(search.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets only an admin search users and read anyone', async () => {
    const viewer = await stack.demoToken();
    const denied = await stack.gql(
      `{ users(search: { field: NAME, value: "e" }) { totalCount } }`,
      {},
      viewer,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const admin = await stack.adminToken();
    const anyone = await stack.gql(USER, { id: DEMO_USERS.demo.id }, admin);
    expect(anyone.data?.user).toMatchObject({ id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name });
    const search = await stack.gql(
      `{ users(search: { field: EMAIL, value: "${DEMO_USERS.demo.email}" }) { totalCount nodes { id email } } }`,
      {},
      admin,
    );
    expect(search.data?.users).toEqual({
      totalCount: 1,
      nodes: [{ id: DEMO_USERS.demo.id, email: DEMO_USERS.demo.email }],
    });
  });

  it('answers null for an unknown user id (admin), and BAD_USER_INPUT for a malformed one', async () => {
    const admin = await stack.adminToken();
    const unknown = await stack.gql(USER, { id: '00000000-0000-0000-0000-000000000000' }, admin);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data?.user).toBeNull();

    const malformed = await stack.gql(USER, { id: '../../etc/passwd' }, admin);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: ['id'], message: 'is not a user id' },
    ]);
  });

  it('keeps requestPhoneCode codes from non-admins outside development', async () => {
    const query = `mutation { requestPhoneCode(input: { phone: "13800000001", purpose: REGISTER, returnCode: true }) { __typename ... on PhoneCodeRequest { code } } }`;
    const anonymous = await stack.gql(query);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const viewer = await stack.gql(query, {}, await stack.demoToken());
    expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await stack.gql(query, {}, await stack.adminToken());
    expect(admin.data?.requestPhoneCode.code).toMatch(/^[0-9]{6}$/);
  });
});
