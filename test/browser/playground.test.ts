/**
 * The offline playground in a real browser: Chromium (see test/helpers/browser.ts) driven by
 * playwright-core. It logs in with the demo credentials, puts the token into the Headers tab, runs `me`,
 * and checks that every request the page made stayed on this server's origin.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TRADING_ACCOUNTS, DEMO_USERS } from '../../src/account-service/demo-data.js';
import { findChromium, launchChromium } from '../helpers/browser.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

const chromium = await findChromium();
const noChromium = skipUnlessPresent(
  'the playground browser tests',
  'missing' in chromium ? chromium.missing : undefined,
);
const SCREENSHOT = 'test-output/playground.png';
// The machine is shared: generous limits, and waits on selectors rather than sleeps.
const WAIT = { timeout: 60_000 };

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const HEADERS_EDITOR = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';

let stack: Stack;
let browser: Browser;
let page: Page;
const requests: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  if ('missing' in chromium) return;
  stack = await startStack({ GRAPHQL_PLAYGROUND: 'true' });
  browser = await launchChromium(chromium);
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  page.setDefaultTimeout(WAIT.timeout);
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** Replaces a CodeMirror editor's text the way a user does: click, select all, type. */
async function setEditorText(selector: string, text: string): Promise<void> {
  await page.click(selector);
  await page.keyboard.press('Control+A');
  // insertText rather than type(): CodeMirror's bracket auto-closing would double typed brackets.
  await page.keyboard.insertText(text);
}

const RESPONSE_TEXT = `document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''`;

/** Waits until the result pane shows `text`, then returns the result as JSON. */
async function resultContaining(text: string): Promise<Json> {
  // Polled from here: waitForFunction with a string needs eval in the page, which the CSP forbids.
  const read = () => page.evaluate<string>(RESPONSE_TEXT);
  await expect.poll(read, WAIT).toContain(text);
  return JSON.parse(await read());
}

/** The document holds two operations: the run button opens a menu that names them. */
async function runOperation(name: string): Promise<void> {
  await page.click('.graphiql-execute-button');
  await page.getByRole('menuitem', { name }).click();
}

describe.skipIf(noChromium)('playground in Chromium', () => {
  it('logs in, sends the token as a header, runs me, and never leaves the origin', async () => {
    const { origin } = stack.server;
    const response = await page.goto(stack.server.url, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('lwork-graph playground');

    // The example document is there, and the schema arrived (docs and autocompletion need it).
    await page.waitForSelector(QUERY_EDITOR, WAIT);
    await expect(page.locator(QUERY_EDITOR).textContent()).resolves.toContain('mutation Login');
    await page.click('button[aria-label="Show Documentation Explorer"]');
    await page.locator('.graphiql-doc-explorer').getByText('Mutation', { exact: true }).waitFor(WAIT);

    // 1. Run the login mutation of the example document: the demo user's data shows in the result.
    await runOperation('Login');
    const login = await resultContaining('"token"');
    expect(login.data.login).toMatchObject({
      __typename: 'Session',
      user: { id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name, phone: DEMO_USERS.demo.phone },
    });
    const token: string = login.data.login.token;
    expect(token.length).toBeGreaterThan(20);

    // 2. The Headers tab is open by default; put the token in, as the example's comments say.
    await page.waitForSelector(HEADERS_EDITOR, WAIT);
    await setEditorText(HEADERS_EDITOR, JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2));

    // 3. Run me with the header.
    await runOperation('Me');
    const accountId = DEMO_TRADING_ACCOUNTS[0].id;
    const me = await resultContaining(accountId);
    expect(me.errors).toBeUndefined();
    expect(me.data.me).toMatchObject({
      id: DEMO_USERS.demo.id,
      name: DEMO_USERS.demo.name,
      phone: DEMO_USERS.demo.phone,
      email: DEMO_USERS.demo.email,
    });
    const ids = me.data.me.tradingAccounts.map((a: { id: string }) => a.id).sort();
    const expected = DEMO_TRADING_ACCOUNTS.filter((a) => a.userId === DEMO_USERS.demo.id).map((a) => a.id);
    expect(ids).toEqual([...expected].sort());

    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Autocompletion from the introspected schema: typing inside `me { ... }` offers its fields
    // (hints open on a typed key, so the last letter is a real key press).
    await setEditorText(QUERY_EDITOR, 'query Complete {\n  me {\n    tra');
    await page.keyboard.type('d');
    await page.locator('.CodeMirror-hints').getByText('tradingAccounts').waitFor(WAIT);

    // Everything the page loaded or sent went to this server (fonts and icons are inline data:
    // URLs, which are not network requests).
    const network = requests.filter((url) => !url.startsWith('data:'));
    expect(network.length).toBeGreaterThan(5);
    expect(network.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(new URL(origin).hostname).toBe('127.0.0.1');
    expect(network).toContainEqual(expect.stringMatching(/\/playground\/graphiql\.min\.js\?v=/));
    expect(network).toContainEqual(`${origin}/graphql`);
    expect(problems).toEqual([]);
  }, 240_000);

  it('blocks a request to another origin (the Content-Security-Policy)', async () => {
    // Same server, other origin: only the CSP can stop this fetch.
    const other = stack.server.url.replace('127.0.0.1', 'localhost');
    const outcome = await page.evaluate<string>(
      `fetch(${JSON.stringify(other)}).then(() => 'loaded', (error) => 'blocked: ' + error.message)`,
    );
    expect(outcome).toMatch(/^blocked/);
    expect(problems.some((p) => p.includes('Content Security Policy'))).toBe(true);
  }, 60_000);
});
