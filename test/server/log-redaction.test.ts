/**
 * Secrets stay out of logs and out of every response but the one that hands them out. The full
 * flows run against the real account service, with both processes logging at debug; then every
 * captured log line and every response body is scanned for every password, code, ticket, session
 * token, the tenant API key and the session secret that took part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, DEV_TENANT } from '../../src/account-service/index.js';
import { createLogger } from '../../src/logger.js';
import { captureLogs, type LogCapture } from '../helpers/log-capture.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

// startStack's session secret: it must never show up anywhere either.
const SESSION_SECRET = 'test-session-secret-that-is-long-enough';

interface Exchange {
  requestId: string;
  text: string;
  /** Secrets this response legitimately hands out. */
  own: Set<string>;
}

let stack: Stack;
let graphLogs: LogCapture;
let serviceLogs: LogCapture;
const exchanges: Exchange[] = [];
const secrets = new Set<string>([SESSION_SECRET, DEV_TENANT.apiKey]);
let counter = 0;

beforeAll(async () => {
  graphLogs = captureLogs();
  serviceLogs = captureLogs();
  stack = await startStack(
    {},
    { logStream: graphLogs.stream, serviceLogStream: serviceLogs.stream, logLevel: 'debug' },
  );
});
afterAll(() => stack?.stop());

/** Sends one operation with its own request id and records the raw response for the scan. */
async function call(
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ data: Json; errors?: Json[]; exchange: Exchange }> {
  const requestId = `redaction-${++counter}`;
  const res = await fetch(stack.server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  expect(res.headers.get('x-request-id')).toBe(requestId);
  const text = await res.text();
  const exchange: Exchange = { requestId, text, own: new Set() };
  exchanges.push(exchange);
  const body = JSON.parse(text) as { data?: Json; errors?: Json[] };
  return { data: body.data, ...(body.errors ? { errors: body.errors } : {}), exchange };
}

/** Remembers a secret; `from` is the response allowed to carry it. */
function secret<T extends string>(value: T, from?: Exchange): T {
  expect(typeof value === 'string' && value.length > 0).toBe(true);
  secrets.add(value);
  from?.own.add(value);
  return value;
}

/** Six-digit codes are matched as whole numbers, so an unrelated longer number cannot match. */
function contains(text: string, value: string): boolean {
  if (!/^[0-9]+$/.test(value)) return text.includes(value);
  return new RegExp(`(?<![0-9])${value}(?![0-9])`).test(text);
}

const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { __typename ... on Session { token expiresAt user { id } } ... on Error { message } } }`;
const REQUEST_CODE = `mutation($input: RequestPhoneCodeInput!) { requestPhoneCode(input: $input) { __typename ... on PhoneCodeRequest { sent code } ... on Error { message } } }`;

async function login(loginName: string, password: string): Promise<string> {
  const res = await call(LOGIN, { input: { loginName, password: secret(password) } });
  expect(res.data?.login.__typename).toBe('Session');
  return secret(res.data.login.token as string, res.exchange);
}

async function adminCode(adminToken: string, phone: string, purpose: string): Promise<string> {
  const res = await call(REQUEST_CODE, { input: { phone, purpose, returnCode: true } }, adminToken);
  expect(res.data?.requestPhoneCode).toMatchObject({
    __typename: 'PhoneCodeRequest',
    code: expect.any(String),
  });
  return secret(res.data.requestPhoneCode.code as string, res.exchange);
}

describe('the full flows with debug logging', () => {
  it('run, each step doing what it should', async () => {
    // Sign-in and reads.
    const demo = await login(DEMO_USERS.demo.phone, DEMO_USERS.demo.password);
    const me = await call(`{ me { id name phone } }`, {}, demo);
    expect(me.data?.me.id).toBe(DEMO_USERS.demo.id);
    const admin = await login(DEMO_USERS.admin.email, DEMO_USERS.admin.password);

    // Phone registration with a code handed to the admin.
    const phone = '13900007001';
    const registerCode = await adminCode(admin, phone, 'REGISTER');
    const registered = await call(
      `mutation($input: RegisterByPhoneInput!) { registerByPhone(input: $input) { __typename ... on Session { token user { phone } } } }`,
      { input: { name: 'Log Phone', phone, password: secret('PhoneSecret1'), code: registerCode } },
    );
    expect(registered.data?.registerByPhone).toMatchObject({ __typename: 'Session', user: { phone } });
    secret(registered.data.registerByPhone.token as string, registered.exchange);

    // Password reset: code, ticket, new password.
    const resetCode = await adminCode(admin, phone, 'RESET_PASSWORD');
    const verified = await call(
      `mutation($input: VerifyPhoneCodeInput!) { verifyPhoneCode(input: $input) { __typename ... on PhoneTicket { ticket } } }`,
      { input: { phone, code: resetCode } },
    );
    expect(verified.data?.verifyPhoneCode.__typename).toBe('PhoneTicket');
    const ticket = secret(verified.data.verifyPhoneCode.ticket as string, verified.exchange);
    const reset = await call(
      `mutation($input: ResetPasswordByPhoneInput!) { resetPasswordByPhone(input: $input) { __typename ... on PasswordReset { phone } } }`,
      { input: { phone, ticket, newPassword: secret('ResetSecret2') } },
    );
    expect(reset.data?.resetPasswordByPhone).toEqual({ __typename: 'PasswordReset', phone });
    await login(phone, 'ResetSecret2');

    // Email registration with the code from the outbox, then a password change.
    const email = 'log-redaction@example.com';
    const sent = await call(
      `mutation($input: SendEmailCodeInput!) { sendEmailCode(input: $input) { __typename ... on EmailCodeRequest { email } } }`,
      { input: { email } },
    );
    expect(sent.data?.sendEmailCode).toEqual({ __typename: 'EmailCodeRequest', email });
    const emailCode = secret(stack.service.store.outbox(email).at(-1)?.code ?? '');
    const byEmail = await call(
      `mutation($input: RegisterByEmailInput!) { registerByEmail(input: $input) { __typename ... on Session { token user { email } } } }`,
      { input: { email, password: secret('EmailSecret3'), name: 'Log Email', code: emailCode } },
    );
    expect(byEmail.data?.registerByEmail).toMatchObject({ __typename: 'Session', user: { email } });
    const emailToken = secret(byEmail.data.registerByEmail.token as string, byEmail.exchange);
    const changed = await call(
      `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }`,
      { input: { currentPassword: 'EmailSecret3', newPassword: secret('ChangedSecret4') } },
      emailToken,
    );
    expect(changed.data?.changePassword.__typename).toBe('ChangePasswordPayload');
    const user = await login(email, 'ChangedSecret4');

    // Writes of the signed-in user.
    const profile = await call(
      `mutation($input: ProfileUpdateInput!) { updateProfile(input: $input) { __typename ... on UpdateProfilePayload { profile { base { accountName } } } } }`,
      { input: { base: { accountName: 'Log Renamed' } } },
      user,
    );
    expect(profile.data?.updateProfile).toEqual({
      __typename: 'UpdateProfilePayload',
      profile: { base: { accountName: 'Log Renamed' } },
    });
    const avatar = await call(
      `mutation($url: String!) { updateAvatar(url: $url) { __typename ... on User { avatar } } }`,
      { url: '//cdn.example.com/log.png' },
      user,
    );
    expect(avatar.data?.updateAvatar).toEqual({ __typename: 'User', avatar: '//cdn.example.com/log.png' });

    // Error paths: each carries a secret of its own into the layer.
    const wrongLogin = await call(LOGIN, { input: { loginName: email, password: secret('WrongSecret5') } });
    expect(wrongLogin.data?.login.__typename).toBe('InvalidCredentials');
    const wrongCurrent = await call(
      `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { __typename } }`,
      { input: { currentPassword: secret('WrongSecret6'), newPassword: secret('NeverSet7') } },
      user,
    );
    expect(wrongCurrent.data?.changePassword.__typename).toBe('InvalidCredentials');
    const weak = await call(
      `mutation($input: RegisterByEmailInput!) { registerByEmail(input: $input) { __typename } }`,
      { input: { email: 'weak-log@example.com', password: secret('weak8') } },
    );
    expect(weak.data?.registerByEmail.__typename).toBe('ValidationError');
    const forged = await call(`{ me { id } }`, {}, secret(`${demo.slice(0, -4)}AAAA`));
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const used = await call(
      `mutation($input: ResetPasswordByPhoneInput!) { resetPasswordByPhone(input: $input) { __typename } }`,
      { input: { phone, ticket, newPassword: secret('AgainSecret9') } },
    );
    expect(used.data?.resetPasswordByPhone.__typename).toBe('InvalidTicket');
  });

  it('leave no secret in any log line of either process', () => {
    const lines = [...graphLogs.lines, ...serviceLogs.lines];
    // The capture really is at debug: the account service's per-request lines are there.
    expect(serviceLogs.records().filter((r) => r.msg === 'request').length).toBeGreaterThan(10);
    expect(secrets.size).toBeGreaterThan(20);
    const leaks = [...secrets].flatMap((value) =>
      lines.filter((line) => contains(line, value)).map((line) => ({ value, line })),
    );
    expect(leaks).toEqual([]);
  });

  it('leave no secret in any response except the one handing it out', () => {
    expect(exchanges.length).toBeGreaterThan(15);
    const leaks = exchanges.flatMap((exchange) =>
      [...secrets]
        .filter((value) => !exchange.own.has(value) && contains(exchange.text, value))
        .map((value) => ({ requestId: exchange.requestId, value })),
    );
    expect(leaks).toEqual([]);
  });

  it('log every request with its id, which the account service received too', () => {
    const graphRecords = graphLogs.records();
    const serviceIds = new Set(serviceLogs.records().map((r) => r.requestId));
    for (const { requestId } of exchanges) {
      expect(graphRecords.filter((r) => r.requestId === requestId && r.msg === 'graphql request')).toEqual([
        expect.objectContaining({ method: 'POST', status: 200, ms: expect.any(Number) }),
      ]);
    }
    // Every operation but the forged-token one and the locally refused password reaches the service.
    const reached = exchanges.filter(({ requestId }) => serviceIds.has(requestId));
    expect(reached.length).toBe(exchanges.length - 2);
  });
});

describe('the logger itself', () => {
  it("redacts the router's token wherever request headers are logged", () => {
    const logs = captureLogs();
    const logger = createLogger('info', logs.stream);
    const token = 'router-token-that-must-never-be-logged';
    logger.info({ req: { headers: { 'subgraph-token': token } } }, 'a request');
    logger.info({ headers: { 'subgraph-token': token, accept: 'application/json' } }, 'headers');
    expect(logs.lines.join('\n')).not.toContain(token);
    expect(logs.records()[1]?.headers).toEqual({
      'subgraph-token': '[redacted]',
      accept: 'application/json',
    });
  });
});
