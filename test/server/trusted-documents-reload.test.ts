/**
 * Trusted documents in the process `npm start` runs: it prints its pid, SIGHUP to that pid reloads the
 * manifests without a restart (and does not end the process), and a manifest that cannot be used
 * stops the start with exit 1, naming the variable and the file.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NpmStart, startNpmStart } from '../helpers/npm-start.js';
import type { Json } from '../helpers/stack.js';

const ROOT = join(import.meta.dirname, '../..');
const MANIFEST = join(ROOT, 'client/generated/persisted-documents.json');
const QUERY = 'query Typename { __typename }';
const HASH = createHash('sha256').update(QUERY).digest('hex');

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lwork-trusted-process-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function byHash(url: string): Promise<Json> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: HASH } } }),
  });
  return res.json();
}

describe('npm start with GRAPHQL_TRUSTED_DOCUMENTS', () => {
  let start: NpmStart;
  let manifest: string;
  beforeAll(async () => {
    manifest = join(scratch, 'manifest.json');
    await copyFile(MANIFEST, manifest);
    start = await startNpmStart({
      GRAPHQL_TRUSTED_DOCUMENTS: manifest,
      GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
    });
  }, 60_000);
  afterAll(() => start?.stop());

  const logLines = () =>
    start
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Json);

  it('prints the pid to signal, and reloads the manifests on SIGHUP to it, serving on', async () => {
    const documents = JSON.parse(await readFile(MANIFEST, 'utf8'));
    // npm passes no SIGHUP on: the banner names the server's own pid.
    const banner = /Trusted documents: (\d+), allow-list on; reload: kill -HUP (\d+)\n/.exec(start.stdout());
    expect(banner?.slice(1)).toEqual([String(Object.keys(documents).length), String(start.pid)]);

    expect((await byHash(start.url)).errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await writeFile(manifest, JSON.stringify({ ...documents, [`sha256:${HASH}`]: QUERY }));
    process.kill(Number(banner?.[2]), 'SIGHUP');
    await expect
      .poll(() => logLines().find((l) => l.msg === 'trusted documents reloaded' && l.trigger === 'SIGHUP'), {
        timeout: 15_000,
      })
      .toMatchObject({ level: 30, documents: Object.keys(documents).length + 1 });
    expect(await byHash(start.url)).toEqual({ data: { __typename: 'Query' } });

    // A bad manifest on SIGHUP: a warning, the documents stay, the process serves on.
    await writeFile(manifest, 'not json');
    start.signal('SIGHUP');
    await expect
      .poll(
        () =>
          logLines().find(
            (l) => l.msg?.startsWith('trusted documents not reloaded') && l.trigger === 'SIGHUP',
          ),
        {
          timeout: 15_000,
        },
      )
      .toMatchObject({ level: 40, reason: expect.stringContaining('not valid JSON') });
    expect(await byHash(start.url)).toEqual({ data: { __typename: 'Query' } });
  }, 60_000);
});

describe('npm start with a manifest it cannot use', () => {
  it.each([
    ['missing', 'missing.json', undefined, /missing\.json: cannot be read \(ENOENT\)/],
    ['empty', 'empty.json', '{}', /empty\.json: holds no documents/],
  ])(
    'stops with exit 1 when the manifest is %s, naming the variable and the file',
    async (_name, file, content, message) => {
      const path = join(scratch, file);
      if (content !== undefined) await writeFile(path, content);
      const failure = await startNpmStart({ GRAPHQL_TRUSTED_DOCUMENTS: path }).then(
        async (started) => {
          await started.stop();
          return 'started';
        },
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/npm start exited 1 early/);
      expect(failure).toMatch(/GRAPHQL_TRUSTED_DOCUMENTS: /);
      expect(failure).toMatch(message);
    },
    60_000,
  );
});
