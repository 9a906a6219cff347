/**
 * Manifests as the server reads them: both formats, what makes one unusable (so a reload keeps the
 * documents it had), how ids and texts are matched, and that a bad manifest stops the start.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, constants, openSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { loadTrustedDocuments, MAX_MANIFEST_BYTES } from '../../src/server/trusted-documents.js';
import {
  canonicalForm,
  documentKey,
  ManifestError,
  parseManifest,
} from '../../src/server/trusted-documents-manifest.js';
import { captureLogs } from '../helpers/log-capture.js';

const ME = 'query Me { me { id name } }';
const hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A manifest of `count` distinct generated-looking documents, for the tests of large manifests. */
function manyDocuments(count: number): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const body = `query Op${i}($id: ID!) { user(id: $id) { id name email tradingAccounts { id balance currency } } }`;
    manifest[`sha256:${hex(body)}`] = body;
  }
  return manifest;
}

describe('parseManifest', () => {
  it("reads the client preset's map and Apollo's persisted query manifest", () => {
    expect(parseManifest(JSON.stringify({ [`sha256:${hex(ME)}`]: ME }))).toEqual([
      {
        id: `sha256:${hex(ME)}`,
        key: hex(ME),
        body: ME,
        canonical: 'query Me{me{id name}}',
        tokens: 9,
        operations: ['Me'],
      },
    ]);
    const apollo = {
      format: 'apollo-persisted-query-manifest',
      version: 1,
      operations: [{ id: 'custom-id-1', name: 'Me', type: 'query', body: ME }],
    };
    expect(parseManifest(JSON.stringify(apollo))).toMatchObject([{ id: 'custom-id-1', body: ME }]);
  });

  it('refuses a manifest it cannot trust, saying why', () => {
    const refused = (text: string) => {
      try {
        parseManifest(text);
      } catch (error) {
        expect(error).toBeInstanceOf(ManifestError);
        return error instanceof Error ? error.message : '';
      }
      throw new Error('accepted');
    };
    expect(refused('{"a": ')).toBe('not valid JSON');
    expect(refused('{}')).toBe('holds no documents');
    expect(refused('[]')).toMatch(/not a map of ids to documents/);
    expect(refused(JSON.stringify({ a: 42 }))).toMatch(/not a map of ids to documents: a:/);
    expect(refused(JSON.stringify({ a: 'query {' }))).toMatch(/document "a" is not GraphQL/);
    expect(refused(JSON.stringify({ a: 'fragment F on User { id }' }))).toMatch(/holds no operation/);
    // A sha256 id is a claim about its document: one that is not its hash names another document.
    expect(refused(JSON.stringify({ [`sha256:${hex(ME)}`]: `${ME} ` }))).toMatch(/not the sha256/);
    expect(
      refused(JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [] })),
    ).toMatch(/not an Apollo persisted query manifest: version/);
  });

  it('compares texts up to ignored characters, and lexes a text no further than a token bound', () => {
    const spaced = 'query Me {\n  me { id, name } # who\n}';
    expect(canonicalForm(spaced)).toEqual({ canonical: 'query Me{me{id name}}', tokens: 9 });
    // A block string is the string it stands for, whatever its indentation.
    expect(canonicalForm('{ f(a: """\n    x\n  """) }')?.canonical).toBe(
      canonicalForm('{ f(a: "x") }')?.canonical,
    );
    expect(canonicalForm('query { a ...F }')?.canonical).toBe('query{a ...F}');
    expect(canonicalForm('{ f(a: 1 b: 2) }')?.canonical).toBe('{f(a:1 b:2)}');
    // Over the bound it gives up at once: a text of more tokens than any document is none of them,
    // and the lexer error far past the bound is never reached.
    expect(canonicalForm(spaced, 9)?.tokens).toBe(9);
    expect(canonicalForm(spaced, 8)).toBeUndefined();
    const long = `{ ${'a '.repeat(50_000)} }`;
    expect(canonicalForm(long)?.tokens).toBe(50_002);
    expect(canonicalForm(`${long} ^`, 100)).toBeUndefined();
    expect(canonicalForm('query Me { me { id name')).toBeDefined();
    expect(canonicalForm('{ ^ }')).toBeUndefined();
  });

  it('keys sha256 ids with and without their prefix alike, in any case; other ids as they are', () => {
    const id = hex(ME);
    expect(documentKey(`sha256:${id}`)).toBe(id);
    expect(documentKey(`SHA256:${id.toUpperCase()}`)).toBe(id);
    expect(documentKey(id.toUpperCase())).toBe(id);
    expect(documentKey('custom-id-1')).toBe('custom-id-1');
  });
});

describe('loadTrustedDocuments', () => {
  let dir: string;
  const logger = createLogger('silent');
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lwork-manifest-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('merges several manifests, finds documents by id and by text up to ignored characters', async () => {
    const web = join(dir, 'web.json');
    const mobile = join(dir, 'mobile.json');
    const other = 'query Other { me { id } }';
    await writeFile(web, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    await writeFile(
      mobile,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: 'm1', body: other }],
      }),
    );
    const documents = await loadTrustedDocuments({ paths: [web, mobile], logger, watchIntervalMs: 0 });
    expect(documents.size).toBe(2);
    expect(documents.find(hex(ME))?.body).toBe(ME);
    expect(documents.find(`sha256:${hex(ME)}`)?.body).toBe(ME);
    expect(documents.find('m1')?.body).toBe(other);
    expect(documents.find(hex(other))).toBeUndefined();
    expect(documents.includes(ME)).toBe(true);
    expect(documents.includes('query Me {\n  me { id, name } # who\n}')).toBe(true);
    expect(documents.includes('query Me { me { name id } }')).toBe(false);
    expect(documents.includes('query Me { me { id name')).toBe(false);
    documents.close();
  });

  it('refuses to start on a missing or bad manifest, naming the variable and the file', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{}');
    await expect(loadTrustedDocuments({ paths: [bad], logger })).rejects.toThrow(ConfigError);
    await expect(loadTrustedDocuments({ paths: [bad], logger })).rejects.toThrow(
      `GRAPHQL_TRUSTED_DOCUMENTS: ${bad}: holds no documents`,
    );
    await expect(loadTrustedDocuments({ paths: [join(dir, 'none.json')], logger })).rejects.toThrow(
      /none\.json: cannot be read \(ENOENT\)/,
    );
    // One id for two documents across manifests is a conflict, not a silent choice.
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    await writeFile(a, JSON.stringify({ x: ME }));
    await writeFile(b, JSON.stringify({ x: 'query Other { me { id } }' }));
    await expect(loadTrustedDocuments({ paths: [a, b], logger })).rejects.toThrow(
      /"x" names another document/,
    );
  });

  it('a reload that fails keeps what was loaded', async () => {
    const path = join(dir, 'reload.json');
    await writeFile(path, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    const outcomes: string[] = [];
    const documents = await loadTrustedDocuments({
      paths: [path],
      logger,
      watchIntervalMs: 0,
      onReload: (outcome) => outcomes.push(outcome),
    });
    await writeFile(path, 'not json');
    await expect(documents.reload('test')).resolves.toBe(false);
    expect(documents.find(hex(ME))?.body).toBe(ME);
    const other = 'query Other { me { id } }';
    await writeFile(path, JSON.stringify({ [`sha256:${hex(other)}`]: other }));
    await expect(documents.reload('test')).resolves.toBe(true);
    expect(documents.find(hex(ME))).toBeUndefined();
    expect(documents.includes(other)).toBe(true);
    expect(outcomes).toEqual(['failed', 'ok']);
  });

  it('a manifest read that never finishes does not stall every later reload', async () => {
    // A FIFO stands in for any read that does not end: a hung network mount, a path that is no
    // regular file. Reloads run one at a time, so one read that never returns holds every later
    // reload (file change and SIGHUP alike) forever, with no warning and no failed-reload metric.
    const path = join(dir, 'stalled.json');
    const fifo = join(dir, 'stalled.fifo');
    await writeFile(path, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    const documents = await loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 0 });
    const within = <T>(promise: Promise<T>) =>
      Promise.race([promise, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 2_000))]);
    try {
      await unlink(path);
      execFileSync('mkfifo', [path]);
      const stalled = documents.reload('test');
      await new Promise((r) => setTimeout(r, 200));
      // The deploy puts a good manifest in place; the FIFO stays aside so the test can end the read.
      await rename(path, fifo);
      const other = 'query Other { me { id } }';
      await writeFile(path, JSON.stringify({ [`sha256:${hex(other)}`]: other }));
      const next = documents.reload('test');
      expect({ stalled: await within(stalled), next: await within(next) }).toEqual({
        stalled: false,
        next: true,
      });
      expect(documents.find(hex(other))?.body).toBe(other);
    } finally {
      documents.close();
      // A writer opening the FIFO lets a read still waiting on it end (with no data).
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No read waiting.
      }
    }
  });

  it('refuses a manifest that is no regular file or over the size limit, at warn, counted as failed', async () => {
    const path = join(dir, 'limits.json');
    await writeFile(path, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    const logs = captureLogs();
    const outcomes: string[] = [];
    const documents = await loadTrustedDocuments({
      paths: [path],
      logger: createLogger('info', logs.stream),
      watchIntervalMs: 0,
      maxBytes: 4_096,
      onReload: (outcome) => outcomes.push(outcome),
    });
    const reasons = () =>
      logs
        .records()
        .filter((r) => r.level === 40 && r.msg?.startsWith('trusted documents not reloaded'))
        .map((r) => String(r.reason));
    try {
      await unlink(path);
      execFileSync('mkfifo', [path]);
      await expect(documents.reload('test')).resolves.toBe(false);
      await unlink(path);
      const big = 'query Big { me { id } }'.padEnd(5_000, ' ');
      await writeFile(path, JSON.stringify({ [`sha256:${hex(big)}`]: big }));
      await expect(documents.reload('test')).resolves.toBe(false);
      expect(reasons()).toEqual([
        `${path}: not a regular file`,
        expect.stringMatching(/limits\.json: \d+ bytes, over the limit of 4096$/),
      ]);
      expect(outcomes).toEqual(['failed', 'failed']);
      expect(documents.find(hex(ME))?.body).toBe(ME);
    } finally {
      documents.close();
    }
  });

  it('skips a reload whose files hold the bytes already loaded', async () => {
    const path = join(dir, 'same.json');
    const text = JSON.stringify({ [`sha256:${hex(ME)}`]: ME });
    await writeFile(path, text);
    const outcomes: string[] = [];
    const documents = await loadTrustedDocuments({
      paths: [path],
      logger,
      watchIntervalMs: 0,
      onReload: (outcome) => outcomes.push(outcome),
    });
    const loaded = documents.find(hex(ME));
    // A deploy that rewrites the same manifest (a new mtime, the same bytes): nothing parsed again.
    await writeFile(path, text);
    await expect(documents.reload('test')).resolves.toBe(true);
    expect(documents.find(hex(ME))).toBe(loaded);
    const other = 'query Other { me { id } }';
    await writeFile(path, JSON.stringify({ [`sha256:${hex(other)}`]: other }));
    await expect(documents.reload('test')).resolves.toBe(true);
    expect(documents.find(hex(ME))).toBeUndefined();
    expect(outcomes).toEqual(['unchanged', 'ok']);
    documents.close();
  });

  it('serves requests while a large manifest is parsed: no long stall of the event loop', async () => {
    // 20,000 documents take a good half second to check on a fast machine; in one go, no request
    // would be served meanwhile.
    const path = join(dir, 'large.json');
    const small = 'query Small { me { id } }';
    await writeFile(path, JSON.stringify({ [`sha256:${hex(small)}`]: small }));
    const documents = await loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 0 });
    const large = manyDocuments(20_000);
    await writeFile(path, JSON.stringify(large));
    let longest = 0;
    let last = performance.now();
    const beat = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    try {
      last = performance.now();
      await expect(documents.reload('test')).resolves.toBe(true);
      // The last stretch ends here, in the reload's own task, before the timer could fire again.
      longest = Math.max(longest, performance.now() - last);
    } finally {
      clearInterval(beat);
      documents.close();
    }
    expect(documents.size).toBe(20_000);
    // Checked in one go, the longest stall is the whole reload (600 ms here); in slices, the JSON
    // parse (60-80 ms here). The margin is for a loaded machine.
    expect(longest).toBeLessThan(250);
  });

  it('picks up a manifest replaced while the first load was still checking the old one', async () => {
    // Review 18b: the files are watched only once the first load has ended, and watchFile takes its
    // first stat then: a file replaced between the first read and that stat (a deploy, a ConfigMap
    // update while the pod starts) looks unchanged forever, and the server serves the old documents
    // until some later change or a SIGHUP.
    const path = join(dir, 'start-race.json');
    const next = join(dir, 'start-race.next.json');
    const large = manyDocuments(20_000);
    await writeFile(path, JSON.stringify(large));
    const added = 'query Added { me { id } }';
    await writeFile(next, JSON.stringify({ [`sha256:${hex(added)}`]: added }));
    let loaded = false;
    const loading = loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 50 }).then((documents) => {
      loaded = true;
      return documents;
    });
    // The read of a 2.5 MB file ends within a few ms; checking 20,000 documents takes a good half second.
    await new Promise((r) => setTimeout(r, 150));
    const replacedWhileLoading = !loaded;
    await rename(next, path);
    const documents = await loading;
    try {
      // The window was hit: the old file was read, and the new one was in place before the load ended.
      expect({ replacedWhileLoading, size: documents.size }).toEqual({
        replacedWhileLoading: true,
        size: 20_000,
      });
      await expect
        .poll(() => documents.find(hex(added))?.body ?? 'still the old documents', {
          timeout: 3_000,
          interval: 50,
        })
        .toBe(added);
    } finally {
      documents.close();
    }
  });

  it('picks up a manifest already read and rewritten in place while a later one was still loading, with one reload', async () => {
    // The same window for a file that is not the one being checked: the first manifest is read, then
    // rewritten in place (not renamed) while the second, large one is checked.
    const small = join(dir, 'start-race-first.json');
    const path = join(dir, 'start-race-second.json');
    const large = manyDocuments(20_000);
    await writeFile(small, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    await writeFile(path, JSON.stringify(large));
    const added = 'query Added { me { id } }';
    const outcomes: string[] = [];
    let loaded = false;
    const loading = loadTrustedDocuments({
      paths: [small, path],
      logger,
      watchIntervalMs: 50,
      onReload: (outcome) => outcomes.push(outcome),
    }).then((documents) => {
      loaded = true;
      return documents;
    });
    await new Promise((r) => setTimeout(r, 150));
    const replacedWhileLoading = !loaded;
    await writeFile(small, JSON.stringify({ [`sha256:${hex(added)}`]: added }));
    const documents = await loading;
    try {
      expect({ replacedWhileLoading, me: documents.find(hex(ME))?.body }).toEqual({
        replacedWhileLoading: true,
        me: ME,
      });
      await expect
        .poll(() => documents.find(hex(added))?.body ?? 'still the old documents', {
          timeout: 3_000,
          interval: 50,
        })
        .toBe(added);
      // The changes seen while loading make one reload after it; the watch then sees nothing new.
      await new Promise((r) => setTimeout(r, 300));
      expect({ outcomes, me: documents.find(hex(ME)) }).toEqual({ outcomes: ['ok'], me: undefined });
    } finally {
      documents.close();
    }
  });

  it('a first load of files nothing changed reloads nothing, with the watch on', async () => {
    const path = join(dir, 'start-quiet.json');
    await writeFile(path, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    const outcomes: string[] = [];
    const documents = await loadTrustedDocuments({
      paths: [path],
      logger,
      watchIntervalMs: 20,
      onReload: (outcome) => outcomes.push(outcome),
    });
    try {
      await new Promise((r) => setTimeout(r, 200));
      expect(outcomes).toEqual([]);
    } finally {
      documents.close();
    }
  });

  it('reads a manifest within the size limit from a local disk while the event loop is busy', async () => {
    // Review 18b: the file was read in 64 KiB chunks, each awaited through the event loop, and the
    // 5 s timeout counts the waits: on a server whose event loop is busy (25 ms a turn here; the real
    // server under 50 concurrent clients on this machine failed 10 of 11 reloads of a 16 MiB manifest,
    // the limit then, this way) a manifest under the limit (4 MiB since) on a local disk "is not read
    // within 5000 ms", and every reload until that read ends is refused as "a hung file system".
    const path = join(dir, 'busy.json');
    await writeFile(path, JSON.stringify({ [`sha256:${hex(ME)}`]: ME }));
    const logs = captureLogs();
    const documents = await loadTrustedDocuments({
      paths: [path],
      logger: createLogger('info', logs.stream),
      watchIntervalMs: 0,
    });
    const large: Record<string, string> = {};
    let bytes = 2;
    for (let i = 0; bytes < MAX_MANIFEST_BYTES - 4_096; i++) {
      const body = `query Op${i}($id: ID!) { user(id: $id) { __typename avatar email enabled id lastLoginAt name nickname phone registeredAt tradingAccounts { __typename active balance currency group { __typename id name } id leverage name platform server type } } }`;
      large[`sha256:${hex(body)}`] = body;
      bytes += body.length + 78;
    }
    await writeFile(path, JSON.stringify(large));
    expect((await stat(path)).size).toBeLessThanOrEqual(MAX_MANIFEST_BYTES);
    // Other work (requests) takes 25 ms of every turn of the event loop.
    let busy = true;
    const spin = () => {
      const end = performance.now() + 25;
      while (performance.now() < end) {
        // busy
      }
      if (busy) setImmediate(spin);
    };
    setImmediate(spin);
    let reloaded: boolean;
    try {
      reloaded = await documents.reload('deploy');
    } finally {
      busy = false;
      documents.close();
    }
    const warnings = logs
      .records()
      .filter((r) => r.level === 40)
      .map((r) => String(r.reason));
    expect({ reloaded, warnings }).toEqual({ reloaded: true, warnings: [] });
    expect(documents.size).toBe(Object.keys(large).length);
  }, 120_000);

  it('refuses a manifest over 4 MiB by default', async () => {
    expect(MAX_MANIFEST_BYTES).toBe(4 * 1024 * 1024);
    const path = join(dir, 'over-default.json');
    const text = JSON.stringify({ [`sha256:${hex(ME)}`]: ME });
    await writeFile(path, text.padEnd(MAX_MANIFEST_BYTES, ' '));
    const documents = await loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 0 });
    try {
      await writeFile(path, text.padEnd(MAX_MANIFEST_BYTES + 1, ' '));
      await expect(documents.reload('test')).resolves.toBe(false);
      await expect(loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 0 })).rejects.toThrow(
        `${path}: ${MAX_MANIFEST_BYTES + 1} bytes, over the limit of ${MAX_MANIFEST_BYTES}`,
      );
    } finally {
      documents.close();
    }
  });

  it('the committed manifest loads: every generated operation, nothing else', async () => {
    const path = join(import.meta.dirname, '../../client/generated/persisted-documents.json');
    const documents = await loadTrustedDocuments({ paths: [path], logger, watchIntervalMs: 0 });
    const generated = await readFile(join(import.meta.dirname, '../../client/generated/graphql.ts'), 'utf8');
    const operations = [
      ...generated.matchAll(/"operation":"(query|mutation)","name":\{"kind":"Name","value":"(\w+)"/g),
    ];
    expect(documents.size).toBe(operations.length);
    expect(documents.size).toBeGreaterThan(10);
  });
});

describe('configuration', () => {
  it('names the manifests, the allow-list and the router token; the allow-list and the token need a manifest', () => {
    expect(loadConfig({}).trustedDocuments).toEqual({ manifests: [], only: false, routerToken: undefined });
    expect(
      loadConfig({
        GRAPHQL_TRUSTED_DOCUMENTS: 'web.json, mobile.json',
        GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
        GRAPHQL_ROUTER_TOKEN: 'r'.repeat(32),
      }).trustedDocuments,
    ).toEqual({ manifests: ['web.json', 'mobile.json'], only: true, routerToken: 'r'.repeat(32) });
    expect(() => loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true' })).toThrow(
      /GRAPHQL_TRUSTED_DOCUMENTS_ONLY needs GRAPHQL_TRUSTED_DOCUMENTS/,
    );
    expect(() => loadConfig({ GRAPHQL_ROUTER_TOKEN: 'short' })).toThrow(/GRAPHQL_ROUTER_TOKEN/);
    // A token with no manifests would let nothing past anything: a deploy that forgot the manifests.
    expect(() => loadConfig({ GRAPHQL_ROUTER_TOKEN: 'r'.repeat(32) })).toThrow(
      /GRAPHQL_ROUTER_TOKEN needs GRAPHQL_TRUSTED_DOCUMENTS/,
    );
  });

  it('refuses a router token with whitespace at either end (no header can carry it), never printing it', () => {
    const secret = 'router-secret-0123456789abcdefghij';
    for (const token of [`${secret}\n`, ` ${secret}`, `\t${secret} `]) {
      const refusal = (() => {
        try {
          loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: 'web.json', GRAPHQL_ROUTER_TOKEN: token });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          return error instanceof Error ? error.message : '';
        }
        return 'accepted';
      })();
      expect(refusal).toMatch(/GRAPHQL_ROUTER_TOKEN: GRAPHQL_ROUTER_TOKEN starts or ends with whitespace/);
      expect(refusal).not.toContain(secret);
    }
    // Whitespace inside is the token's own business: a header carries it.
    const inside = `${secret.slice(0, 10)} ${secret.slice(10)}`;
    expect(
      loadConfig({ GRAPHQL_TRUSTED_DOCUMENTS: 'web.json', GRAPHQL_ROUTER_TOKEN: inside }).trustedDocuments
        .routerToken,
    ).toBe(inside);
  });
});
