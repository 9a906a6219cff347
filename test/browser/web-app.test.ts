/**
 * The example app (examples/web) end to end in Chromium: built with Vite, served beside `npm start`
 * (the real account service and GraphQL server) with the trusted-documents allow-list on, and used
 * as a person would: a wrong password, signing in, the trading accounts and the open-account task, a
 * profile change shown from Apollo's cache without a reload or refetch, a validation error at its
 * field, signing out (the server ends the session), and registering by phone with a development code.
 * Every request the app sends carries an id from the manifest, never a document's text.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentNode } from 'graphql';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegisterByPhoneDocument, RequestPhoneCodeDocument } from '../../client/generated/graphql.js';
import { documentHash } from '../../client/trusted-documents.js';
import { DEMO_TRADING_ACCOUNTS, DEMO_USERS } from '../../src/account-service/demo-data.js';
import { findChromium, launchChromium } from '../helpers/browser.js';
import { type NpmStart, startNpmStart } from '../helpers/npm-start.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import type { Json } from '../helpers/stack.js';
import { buildWebApp, type ServedApp, serveWebApp } from '../helpers/web-app.js';

const ROOT = join(import.meta.dirname, '../..');
const chromium = await findChromium();
const noChromium = skipUnlessPresent(
  'the web app browser tests',
  'missing' in chromium ? chromium.missing : undefined,
);
const WAIT = { timeout: 60_000 };

let start: NpmStart;
let app: ServedApp;
let browser: Browser;
let page: Page;
let buildDir: string;
/** Bodies of every GraphQL request the page sent. */
const sent: Json[] = [];
const problems: string[] = [];

beforeAll(async () => {
  if ('missing' in chromium) return;
  buildDir = await mkdtemp(join(tmpdir(), 'lwork-web-'));
  const [started] = await Promise.all([
    startNpmStart({
      GRAPHQL_TRUSTED_DOCUMENTS: join(ROOT, 'client/generated/persisted-documents.json'),
      GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
    }),
    // A development build: it asks for development codes, which npm start hands to loopback callers.
    buildWebApp(buildDir, 'development'),
  ]);
  start = started;
  app = await serveWebApp(buildDir, start.url);
  browser = await launchChromium(chromium);
  page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  page.setDefaultTimeout(WAIT.timeout);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') sent.push(request.postDataJSON());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await mkdir(join(ROOT, 'test-output'), { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await start?.stop();
  if (buildDir) await rm(buildDir, { recursive: true, force: true });
});

const signInForm = () => page.getByRole('form', { name: 'Sign in' });
const profileOnRecord = (field: string) =>
  page.locator(`dl[aria-label="Profile on record"] dd[data-field="${field}"]`);
// Expressions as strings: this file is compiled without the DOM library.
const token = () => page.evaluate<string | null>(`sessionStorage.getItem('lwork-session-token')`);

async function signIn(loginName: string, password: string): Promise<void> {
  await signInForm().getByLabel('Phone, email or user name').fill(loginName);
  await signInForm().getByLabel('Password').fill(password);
  await signInForm().getByRole('button', { name: 'Sign in' }).click();
}

/** Sends a document as text from outside the app, with a session token. */
async function asText(query: string, bearer: string): Promise<Json> {
  const res = await fetch(start.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, ...((await res.json()) as Json) };
}

describe.skipIf(noChromium)('the example web app in Chromium', () => {
  it('signs in, shows the accounts, edits the profile from the cache, shows errors at their fields, signs out', async () => {
    await page.goto(app.url, { waitUntil: 'load' });
    await expect(page.title()).resolves.toBe('Lwork account');

    // A wrong password is the typed failure InvalidCredentials, said in the form; no session. The
    // alert is the typed result's, not an error's with a code (which would carry data-code).
    await signIn(DEMO_USERS.demo.phone, 'Wrong12345');
    await expect
      .poll(() => signInForm().getByRole('alert').textContent(), WAIT)
      .toBe('The login name or password is wrong');
    await expect(signInForm().getByRole('alert').count()).resolves.toBe(1);
    await expect(signInForm().getByRole('alert').getAttribute('data-code')).resolves.toBeNull();
    expect(await token()).toBeNull();

    await signIn(DEMO_USERS.demo.phone, DEMO_USERS.demo.password);
    const accounts = page.getByRole('table', { name: 'Trading accounts' });
    await accounts.waitFor(WAIT);
    const session = await token();
    expect(session?.length).toBeGreaterThan(20);
    await expect(
      page.getByRole('heading', { level: 2, name: DEMO_USERS.demo.nickname }).isVisible(),
    ).resolves.toBe(true);
    const mine = DEMO_TRADING_ACCOUNTS.filter((a) => a.userId === DEMO_USERS.demo.id);
    await expect.poll(() => accounts.locator('tbody tr').count(), WAIT).toBe(mine.length);
    const rows = await accounts.locator('tbody tr').allTextContents();
    for (const account of mine) expect(rows.join('\n')).toContain(account.id);
    expect(rows.find((row) => row.includes('2090001252'))).toMatch(/LIVE.*MT4.*Standard USD.*1,014\.07 USD/);
    await expect.poll(() => page.locator('#open-account-state').textContent(), WAIT).toBe('Submited');

    // The profile on record, then a change: the page shows it from the mutation's answer, through
    // Apollo's cache: no reload (the marker survives), and no MyProfile request after the mutation.
    await expect.poll(() => profileOnRecord('accountName').textContent(), WAIT).toBe('test');
    await page.screenshot({ path: join(ROOT, 'test-output/web-app-signed-in.png'), fullPage: true });
    await page.evaluate(`document.body.dataset.loadedOnce = 'yes'`);
    const before = sent.length;
    const form = page.getByRole('form', { name: 'Edit profile' });
    await form.getByLabel('Account name').fill('Demo Trader');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => profileOnRecord('accountName').textContent(), WAIT).toBe('Demo Trader');
    await expect(form.getByRole('status').textContent()).resolves.toBe('Saved.');
    expect(await page.evaluate<string | undefined>('document.body.dataset.loadedOnce')).toBe('yes');
    expect(sent.slice(before).map((body) => body.operationName)).toEqual(['UpdateProfile']);

    // A birthday that is no date: the ValidationError's message at the birthday input, nothing saved.
    await form.getByLabel('Birthday (YYYY-MM-DD)').fill('1990-13-45');
    await form.getByRole('button', { name: 'Save' }).click();
    const birthdayError = page.locator('#profile-base-birthday-error');
    await birthdayError.waitFor(WAIT);
    expect(await birthdayError.textContent()).toMatch(/date/i);
    await expect(form.getByLabel('Birthday (YYYY-MM-DD)').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.getByLabel('Account name').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(await profileOnRecord('birthday').textContent()).toBe('2017-03-01');
    await page.screenshot({ path: join(ROOT, 'test-output/web-app-validation-error.png'), fullPage: true });

    // Sign out: back to the form, the token forgotten here and refused by the server from now on.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm().waitFor(WAIT);
    expect(await token()).toBeNull();
    expect(sent.at(-1)?.operationName).toBe('Logout');
    // The server runs with the allow-list on: the app's ids pass, a document's text does not.
    const text = await asText('{ __typename }', session ?? '');
    expect({ status: text.status, code: text.errors?.[0]?.extensions?.code }).toEqual({
      status: 400,
      code: 'TRUSTED_DOCUMENT_REQUIRED',
    });
    const me = await fetch(start.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
      body: JSON.stringify({ extensions: sent.find((b) => b.operationName === 'Me')?.extensions }),
    });
    expect(((await me.json()) as Json).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(problems).toEqual([]);
  }, 240_000);

  it('registers by phone with the development code flow, and is signed in as the new user', async () => {
    const phone = `1580${String(Date.now()).slice(-7)}`;
    const form = page.getByRole('form', { name: 'Register by phone' });
    await form.getByLabel('Phone').fill(phone);
    await form.getByRole('button', { name: 'Send code' }).click();
    await expect.poll(() => form.getByLabel('Code').inputValue(), WAIT).toMatch(/^[0-9]{6}$/);
    await expect(form.getByRole('status').textContent()).resolves.toContain('filled in');

    // A password the policy refuses: its message at the password input.
    await form.getByLabel('Name').fill('Web Tester');
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.locator('#register-password-error').waitFor(WAIT);

    await form.getByLabel('Password').fill('WebTest1234');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByRole('heading', { level: 2, name: 'Web Tester' }).waitFor(WAIT);
    await expect.poll(() => page.locator('#open-account-state').textContent(), WAIT).toBe('none yet');
    await expect(
      page.getByRole('table', { name: 'Trading accounts' }).locator('tbody').textContent(),
    ).resolves.toBe('No trading accounts yet.');
    await page.screenshot({ path: join(ROOT, 'test-output/web-app-registered.png'), fullPage: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm().waitFor(WAIT);
    expect(problems).toEqual([]);
  }, 120_000);

  it('signs in with a password that starts or ends with a space, exactly as typed', async () => {
    // The server's policy allows any characters; a user registered by another client (or the API)
    // with ' Spaced1234 ' must be able to sign in here: the app sends passwords untrimmed.
    const phone = `1581${String(Date.now()).slice(-7)}`;
    const password = ' Spaced1234 ';
    const byId = async (document: DocumentNode, variables: Record<string, unknown>): Promise<Json> => {
      const res = await fetch(start.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          variables,
          extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(document) } },
        }),
      });
      return res.json();
    };
    const code = (
      await byId(RequestPhoneCodeDocument, { input: { phone, purpose: 'REGISTER', returnCode: true } })
    ).data?.requestPhoneCode?.code;
    expect(code).toMatch(/^[0-9]{6}$/);
    const registered = await byId(RegisterByPhoneDocument, {
      input: { name: 'Spaced Tester', phone, password, code },
    });
    expect(registered.data?.registerByPhone?.__typename).toBe('Session');

    await signInForm().waitFor(WAIT);
    await signIn(phone, password);
    // Signed in (the user's heading), or the sign-in form's alert: whichever comes first.
    const outcome = async () =>
      (await page.getByRole('heading', { level: 2, name: 'Spaced Tester' }).count()) > 0
        ? 'signed in'
        : (await signInForm().getByRole('alert').count()) > 0
          ? await signInForm().getByRole('alert').textContent()
          : 'waiting';
    await expect.poll(outcome, WAIT).not.toBe('waiting');
    expect(await outcome()).toBe('signed in');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm().waitFor(WAIT);
  }, 120_000);

  it('sent every operation by its id from the manifest, never as text', () => {
    const names = new Set(sent.map((body) => body.operationName));
    for (const name of [
      'Login',
      'Me',
      'MyTask',
      'MyProfile',
      'UpdateProfile',
      'Logout',
      'RequestPhoneCode',
      'RegisterByPhone',
    ])
      expect(names).toContain(name);
    for (const body of sent) {
      expect(body.query, body.operationName).toBeUndefined();
      expect(body.extensions?.persistedQuery?.sha256Hash, body.operationName).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
