/**
 * What a user sees on a first `npm start`: exactly the README's block (ports aside), with no log line
 * above it, from a fresh working directory (empty ./data, so the demo data is seeded on this start).
 * Then the access log: a traceId only when the request has a trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type NpmStart, startNpmStart } from '../helpers/npm-start.js';
import { readmeExamples, rewritePorts } from '../helpers/readme-examples.js';

const README = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');

let start: NpmStart;
beforeAll(async () => {
  start = await startNpmStart();
}, 60_000);
afterAll(async () => {
  await start?.stop();
});

const logLines = () =>
  start
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

it("prints the README's start output first, ports aside, on a fresh ./data", () => {
  const blocks = readmeExamples(README).filter((e) => e.kind === 'output' && e.of === 'npm start');
  expect(blocks, 'one README block marked <!-- example: output of npm start -->').toHaveLength(1);
  const expected = rewritePorts(blocks[0]?.code ?? '', { ...start.ports, supergraph: 0 });
  expect(start.stdout().startsWith(`${expected}\n`), start.stdout()).toBe(true);
  expect(existsSync(join(start.cwd, 'data/account-service.db'))).toBe(true);
  expect(start.stderr()).toBe('');
});

it('writes traceId into log lines only for requests that have a trace', async () => {
  const send = (headers: Record<string, string>) =>
    fetch(start.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
  const plain = await send({ 'x-request-id': 'no-trace' });
  const traced = await send({
    'x-request-id': 'with-trace',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  });
  expect([plain.status, traced.status]).toEqual([200, 200]);
  await expect.poll(() => logLines().filter((l) => l.msg === 'graphql request').length).toBe(2);
  const access = Object.fromEntries(logLines().map((l) => [l.requestId, l]));
  expect(access['no-trace']).not.toHaveProperty('traceId');
  expect(access['with-trace']).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c' });
});

it('stops with exit code 0 on SIGTERM', async () => {
  await expect(start.stop()).resolves.toBe(0);
});
