/**
 * Every generated operation document against the live stack (GraphQL server + embedded account
 * service with demo data). Documents are sent as `print(GeneratedDocument)`, so this exercises the
 * committed artifacts, and results are typed by them. Mutations run on users registered here.
 */
import type { TypedDocumentNode } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import * as generated from '../../client/generated/graphql.js';
import {
  ChangePasswordDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  MyProfileDocument,
  MyTaskDocument,
  RegisterByEmailDocument,
  RegisterByPhoneDocument,
  RequestPhoneCodeDocument,
  ResetPasswordByPhoneDocument,
  SearchUsersDocument,
  SendEmailCodeDocument,
  UpdateAvatarDocument,
  UpdateProfileDocument,
  UserByIdDocument,
  VerifyPhoneCodeDocument,
} from '../../client/generated/graphql.js';
import { createClient } from '../../client/usage.js';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { type Stack, startStack } from '../helpers/stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const ran = new Set<string>();

/** Sends a generated document; the answer must be data without errors. */
async function run<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  token?: string,
): Promise<TData> {
  const res = await stack.gql<TData>(print(document), variables, token);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  if (!res.data) throw new Error(`no data: ${JSON.stringify(res)}`);
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition' && definition.name) ran.add(definition.name.value);
  }
  return res.data;
}

/** Asserts the member of a result union and narrows to it. */
function member<T extends { __typename: string }, N extends T['__typename']>(
  result: T,
  typename: N,
): Extract<T, { __typename: N }> {
  expect(result).toMatchObject({ __typename: typename });
  return result as Extract<T, { __typename: N }>;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
const PASSWORD = 'Fresh1234';
let serial = 0;

/** A fresh user, registered by email without a code: their session. */
async function freshUser(prefix: string) {
  serial += 1;
  const email = `${prefix}-${serial}@client.example.com`;
  const data = await run(RegisterByEmailDocument, { input: { email, password: PASSWORD } });
  const session = member(data.registerByEmail, 'Session');
  return { email, token: session.token, userId: session.user.id };
}

async function phoneCode(phone: string, purpose: generated.PhoneCodePurpose): Promise<string> {
  const data = await run(
    RequestPhoneCodeDocument,
    { input: { phone, purpose, returnCode: true } },
    await stack.adminToken(),
  );
  const request = member(data.requestPhoneCode, 'PhoneCodeRequest');
  expect(request.sent).toBe(false);
  expect(request.code).toMatch(/^[0-9]{6}$/);
  return request.code ?? '';
}

describe('queries on the demo data', () => {
  it('Me: the demo user with their live and demo trading accounts', async () => {
    const { me } = await run(MeDocument, {}, await stack.demoToken());
    expect(me).toMatchObject({
      __typename: 'User',
      id: DEMO_USERS.demo.id,
      name: DEMO_USERS.demo.name,
      nickname: DEMO_USERS.demo.nickname,
      phone: DEMO_USERS.demo.phone,
      email: DEMO_USERS.demo.email,
      enabled: true,
    });
    expect(me.registeredAt).toMatch(ISO);
    expect(me.tradingAccounts).toEqual(
      expect.arrayContaining([
        {
          __typename: 'TradingAccount',
          id: '2090001252',
          name: 'demo',
          type: 'LIVE',
          balance: 1014.07,
          currency: 'USD',
          leverage: 100,
          platform: 'MT4',
          server: 'MT4-Live',
          active: true,
          group: { __typename: 'AccountGroup', id: '9', name: 'Standard USD' },
        },
        expect.objectContaining({ id: '2090005469', type: 'DEMO', group: null }),
      ]),
    );
    expectTypeOf(me.tradingAccounts[0]?.type).toEqualTypeOf<
      generated.TradingAccountType | null | undefined
    >();
  });

  it('UserById: an admin reads a user with trading accounts and profile; an unknown id is null', async () => {
    const admin = await stack.adminToken();
    const { user } = await run(UserByIdDocument, { id: DEMO_USERS.demo.id }, admin);
    expect(user).toMatchObject({ id: DEMO_USERS.demo.id, email: DEMO_USERS.demo.email });
    expect(user?.tradingAccounts.map((a) => a.id).sort()).toEqual(['2090001252', '2090005469']);
    const profile = user?.profile;
    expect(profile?.base).toMatchObject({
      accountName: 'test',
      birthday: '2017-03-01',
      phones: { countryCode: '+886', number: '12312', formatted: '+886 12312' },
      homePlace: { country: '3225' },
      // A broker-configured field the schema does not name.
      extraFields: { occupation: 'Engineer' },
    });
    expect(profile?.cert.idNum).toBe('11111111111');
    expect(profile?.finance).toMatchObject({ netIncome: '50000-100000', investmentExperience: [] });

    const self = await run(UserByIdDocument, { id: DEMO_USERS.demo.id }, await stack.demoToken());
    expect(self.user?.id).toBe(DEMO_USERS.demo.id);

    const missing = await run(UserByIdDocument, { id: 'no-such-user-0000' }, admin);
    expect(missing.user).toBeNull();
  });

  it('SearchUsers: an admin pages through a search, and the pages are exact slices', async () => {
    const admin = await stack.adminToken();
    const search = { field: 'NAME', value: 'a' } as const;
    const all = (await run(SearchUsersDocument, { search, first: 100 }, admin)).users;
    expect(all.totalCount).toBe(all.edges.length);
    expect(all.edges.map((e) => e.node.name)).toEqual(
      expect.arrayContaining(['Admin', 'Alice Chen', 'Carol Wang', 'Dave Zhou']),
    );

    const first = (await run(SearchUsersDocument, { search, first: 2 }, admin)).users;
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (
      await run(SearchUsersDocument, { search, first: 2, after: first.pageInfo.endCursor }, admin)
    ).users;
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(
      all.edges.slice(0, 4).map((e) => e.node.id),
    );
    expect(second.totalCount).toBe(all.totalCount);
  });

  it('MyTask: the latest task state of a type, null where there is none', async () => {
    const token = await stack.demoToken();
    const open = await run(MyTaskDocument, { type: 'OPEN_ACCOUNT' }, token);
    expect(open.me.task).toMatchObject({
      __typename: 'Task',
      type: 'OPEN_ACCOUNT',
      state: 'Submited',
      userId: DEMO_USERS.demo.id,
    });
    expect(open.me.task?.createdAt).toMatch(ISO);
    const owner = await run(MyTaskDocument, { type: 'UPDATE_OWNER' }, token);
    expect(owner.me).toEqual({ __typename: 'User', id: DEMO_USERS.demo.id, task: null });
  });

  it('MyProfile: the signed-in user reads their own profile', async () => {
    const { me } = await run(MyProfileDocument, {}, await stack.demoToken());
    expect(me.profile?.base.accountName).toBe('test');
    expect(me.profile?.finance.bankAddress).toEqual({
      __typename: 'Address',
      city: '',
      country: '',
      province: '',
    });
  });
});

describe('mutations on fresh users', () => {
  it('RegisterByEmail without a code signs in; Login signs in again with the same user', async () => {
    const { email, userId } = await freshUser('plain');
    const data = await run(LoginDocument, { input: { loginName: email, password: PASSWORD } });
    const session = member(data.login, 'Session');
    expect(session.user).toMatchObject({ id: userId, email });
    expect(session.token).toEqual(expect.any(String));
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('SendEmailCode, then RegisterByEmail with the emailed code and a name', async () => {
    const email = 'coded@client.example.com';
    const sent = await run(SendEmailCodeDocument, { input: { email } });
    expect(sent.sendEmailCode).toEqual({ __typename: 'EmailCodeRequest', email });
    const code = stack.service.store.outbox(email).at(-1)?.code;
    expect(code).toMatch(/^[0-9]{6}$/);

    const data = await run(RegisterByEmailDocument, {
      input: { email, password: PASSWORD, name: 'Coded Client', code },
    });
    expect(member(data.registerByEmail, 'Session').user).toMatchObject({ name: 'Coded Client', email });
  });

  it('RequestPhoneCode, RegisterByPhone, VerifyPhoneCode, ResetPasswordByPhone, then Login with the new password', async () => {
    const phone = '13800000101';
    const registered = await run(RegisterByPhoneDocument, {
      input: { name: 'Phone Client', phone, password: PASSWORD, code: await phoneCode(phone, 'REGISTER') },
    });
    const session = member(registered.registerByPhone, 'Session');
    expect(session.user).toMatchObject({ name: 'Phone Client', phone });

    const verified = await run(VerifyPhoneCodeDocument, {
      input: { phone, code: await phoneCode(phone, 'RESET_PASSWORD') },
    });
    const { ticket } = member(verified.verifyPhoneCode, 'PhoneTicket');

    const reset = await run(ResetPasswordByPhoneDocument, {
      input: { phone, ticket, newPassword: 'Reset1234' },
    });
    expect(reset.resetPasswordByPhone).toEqual({ __typename: 'PasswordReset', phone });

    const login = await run(LoginDocument, { input: { loginName: phone, password: 'Reset1234' } });
    expect(member(login.login, 'Session').user.id).toBe(session.user.id);
  });

  it('ChangePassword with the current password; the new one signs in', async () => {
    const { email, token, userId } = await freshUser('changer');
    const data = await run(
      ChangePasswordDocument,
      { input: { currentPassword: PASSWORD, newPassword: 'Changed1234' } },
      token,
    );
    const changed = member(data.changePassword, 'ChangePasswordPayload');
    expect(changed.user).toEqual({ __typename: 'User', id: userId });
    expect(changed.session.user.id).toBe(userId);
    // The old session has ended; the answered one works.
    const stale = await stack.gql(print(MeDocument), {}, token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await run(MeDocument, {}, changed.session.token)).me.id).toBe(userId);
    const login = await run(LoginDocument, { input: { loginName: email, password: 'Changed1234' } });
    member(login.login, 'Session');
  });

  it('Logout ends the current session, then with allSessions every other one', async () => {
    const { email, token, userId } = await freshUser('leaver');
    const second = member(
      (await run(LoginDocument, { input: { loginName: email, password: PASSWORD } })).login,
      'Session',
    ).token;
    const third = member(
      (await run(LoginDocument, { input: { loginName: email, password: PASSWORD } })).login,
      'Session',
    ).token;
    const current = await run(LogoutDocument, {}, token);
    expect(current.logout).toEqual({ __typename: 'LogoutPayload', userId, scope: 'CURRENT_SESSION' });
    const stale = await stack.gql(print(MeDocument), {}, token);
    expect(stale.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await run(MeDocument, {}, second)).me.id).toBe(userId);

    const all = await run(LogoutDocument, { allSessions: true }, second);
    expect(all.logout.scope).toBe('ALL_SESSIONS');
    for (const ended of [second, third]) {
      const res = await stack.gql(print(MeDocument), {}, ended);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('UpdateAvatar and UpdateProfile, read back with Me and MyProfile', async () => {
    const { token, userId } = await freshUser('profile');
    const url = '//cdn.example.com/avatars/client.png';
    const avatar = await run(UpdateAvatarDocument, { url }, token);
    expect(avatar.updateAvatar).toEqual({ __typename: 'User', id: userId, avatar: url });
    expect((await run(MeDocument, {}, token)).me.avatar).toBe(url);

    const updated = await run(
      UpdateProfileDocument,
      {
        input: {
          base: { accountName: 'Client Person', residence: { city: 'Taipei', country: 'TW' } },
          cert: { idNum: 'A123456789' },
          finance: { investmentExperience: ['Stocks', 'Forex'], remark: 'via client' },
        },
      },
      token,
    );
    const { profile } = member(updated.updateProfile, 'UpdateProfilePayload').user;
    if (!profile) throw new Error('the answer holds no profile');
    expect(profile.base).toMatchObject({
      accountName: 'Client Person',
      residence: { city: 'Taipei', country: 'TW' },
    });
    expect(profile.cert.idNum).toBe('A123456789');
    expect(profile.finance).toMatchObject({
      investmentExperience: ['Stocks', 'Forex'],
      remark: 'via client',
    });

    const { me } = await run(MyProfileDocument, {}, token);
    expect(me).toEqual({ __typename: 'User', id: userId, profile });
  });

  it('answers expected failures as typed results with the ErrorFields fragment', async () => {
    const { email } = await freshUser('failures');
    const wrong = await run(LoginDocument, { input: { loginName: email, password: 'Wrong1234' } });
    expect(member(wrong.login, 'InvalidCredentials').message).toEqual(expect.any(String));

    const weak = await run(RegisterByEmailDocument, {
      input: { email: 'weak@client.example.com', password: 'x' },
    });
    const invalid = member(weak.registerByEmail, 'ValidationError');
    expect(invalid.fieldErrors).toEqual([
      { __typename: 'FieldError', path: ['input', 'password'], message: expect.any(String) },
    ]);

    const again = await run(SendEmailCodeDocument, { input: { email } });
    expect(member(again.sendEmailCode, 'AlreadyRegistered').field).toBe('EMAIL');
  });
});

describe('with Apollo Client 4', () => {
  it('runs the documents through createClient, sending the session as a Bearer token', async () => {
    let token: string | null = null;
    const client = createClient(stack.server.url, () => token);

    const anonymous = await client.query({ query: MeDocument, errorPolicy: 'all' });
    expect(CombinedGraphQLErrors.is(anonymous.error)).toBe(true);
    expect(anonymous.error?.message).toMatch(/sign in|authenticat/i);

    const wrong = await client.mutate({
      mutation: LoginDocument,
      variables: { input: { loginName: DEMO_USERS.demo.email, password: 'Wrong1234' } },
    });
    // The `... on Error` fragment survives Apollo's cache thanks to possibleTypes.
    expect(wrong.data?.login).toEqual({ __typename: 'InvalidCredentials', message: expect.any(String) });

    const login = await client.mutate({
      mutation: LoginDocument,
      variables: { input: { loginName: DEMO_USERS.demo.email, password: DEMO_USERS.demo.password } },
    });
    const session = login.data?.login;
    if (session?.__typename !== 'Session') throw new Error(`login failed: ${JSON.stringify(login)}`);
    token = session.token;

    const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    expect(data?.me).toMatchObject({ __typename: 'User', id: DEMO_USERS.demo.id });
    const task = await client.query({ query: MyTaskDocument, variables: { type: 'SAME_NAME_ACCOUNT' } });
    expect(task.data?.me.task).toMatchObject({ type: 'SAME_NAME_ACCOUNT', state: 'Approved' });
    client.stop();
  });
});

describe('coverage', () => {
  it('ran every operation document in client/generated', () => {
    const documents = Object.keys(generated)
      .filter((name) => name.endsWith('Document'))
      .map((name) => name.replace(/Document$/, ''));
    expect(documents.length).toBeGreaterThanOrEqual(15);
    expect(documents.filter((name) => !ran.has(name))).toEqual([]);
  });
});
