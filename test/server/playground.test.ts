/**
 * The playground over plain HTTP: when it is served, with which headers, and that it is off by default in
 * production. The browser test (test/browser) drives the page itself.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { PLAYGROUND_CSP } from '../../src/server/playground.js';
import { type Stack, startStack } from '../helpers/stack.js';

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
const ASSETS = [
  ['graphiql.min.js', 'text/javascript'],
  ['graphiql.min.css', 'text/css'],
  ['react.production.min.js', 'text/javascript'],
  ['react-dom.production.min.js', 'text/javascript'],
  ['init.js', 'text/javascript'],
] as const;

/** Production config that the test stack accepts: the upstream it really uses is the embedded service. */
const PRODUCTION = {
  NODE_ENV: 'production',
  LWORK_API_URL: 'http://127.0.0.1:9',
  LWORK_TENANT_ID: 'T001117',
  LWORK_API_KEY: 'not-used-by-the-test-stack',
};

describe('playground on (development default)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('answers a browser at /graphql with the page and a strict CSP', async () => {
    const res = await fetch(stack.server.url, { headers: BROWSER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(PLAYGROUND_CSP);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-cache');

    const html = await res.text();
    expect(html).toContain('<div id="graphiql">');
    // Every script and stylesheet is a relative URL on this server; no inline executable script.
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => u !== 'data:,').every((u) => u?.startsWith('playground/'))).toBe(true);
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attributes, body] of scripts) {
      if (attributes?.includes('src=')) expect(body).toBe('');
      else expect(attributes).toContain('type="application/json"');
    }
    // The example document logs the embedded service's demo user in.
    expect(html).toContain('mutation Login');
    expect(html).toContain('15912345678');
  });

  it('serves each asset with its content type, a year of caching, an ETag and gzip', async () => {
    for (const [name, type] of ASSETS) {
      const url = `${stack.server.origin}/playground/${name}?v=1`;
      const res = await fetch(url);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toBe(`${type}; charset=utf-8`);
      expect(res.headers.get('cache-control'), name).toBe('public, max-age=31536000, immutable');
      const etag = res.headers.get('etag');
      expect(etag, name).toMatch(/^W\/"[\w-]{16}"$/);
      const body = await res.text();
      expect(body.length, name).toBeGreaterThan(100);

      const again = await fetch(url, { headers: { 'if-none-match': etag ?? '' } });
      expect(again.status, name).toBe(304);
      await again.arrayBuffer();
    }
  });

  it('gzips on request, with the same content', async () => {
    const url = `${stack.server.origin}/playground/graphiql.min.js`;
    const plain = await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer();
    // node:http directly, since fetch would decode the body itself.
    const compressed = await new Promise<{ encoding: string | undefined; body: Buffer }>(
      (resolve, reject) => {
        request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
    expect(compressed.encoding).toBe('gzip');
    expect(compressed.body.length).toBeLessThan(plain.byteLength / 2);
    expect(gunzipSync(compressed.body).equals(Buffer.from(plain))).toBe(true);
  });

  it('leaves GraphQL requests, JSON GETs and other paths alone', async () => {
    // A GraphQL GET from a browser still reaches Apollo (which asks for a CSRF preflight header).
    const get = await fetch(`${stack.server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...BROWSER, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toContain('application/json');
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });

    const json = await fetch(stack.server.url, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toContain('application/json');
    await json.arrayBuffer();

    const post = await stack.gql('{ __typename }');
    expect(post.data).toEqual({ __typename: 'Query' });

    const unknown = await fetch(`${stack.server.origin}/playground/package.json`);
    expect(unknown.status).toBe(404);
    await unknown.arrayBuffer();
    const traversal = await fetch(`${stack.server.origin}/playground/..%2Fpackage.json`);
    expect(traversal.status).toBe(404);
    await traversal.arrayBuffer();
  });
});

async function expectNoPlayground(stack: Stack): Promise<void> {
  const page = await fetch(stack.server.url, { headers: BROWSER });
  expect(page.headers.get('content-type')).not.toContain('text/html');
  expect(page.headers.get('content-security-policy')).toBeNull();
  expect(page.status).toBeGreaterThanOrEqual(400);
  await page.arrayBuffer();
  for (const [name] of ASSETS) {
    const res = await fetch(`${stack.server.origin}/playground/${name}`);
    expect(res.status, name).toBe(404);
    await res.arrayBuffer();
  }
}

describe('playground off', () => {
  it('defaults to on outside production and off in production', () => {
    expect(loadConfig({}).playground).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).playground).toBe(true);
    expect(loadConfig({ ...PRODUCTION, SESSION_SECRET: 'x'.repeat(32) }).playground).toBe(false);
    expect(
      loadConfig({ ...PRODUCTION, SESSION_SECRET: 'x'.repeat(32), GRAPHQL_PLAYGROUND: 'true' }).playground,
    ).toBe(true);
    expect(() => loadConfig({ GRAPHQL_PLAYGROUND: 'maybe' })).toThrow(/GRAPHQL_PLAYGROUND/);
  });

  it('defaults to off under the trusted-documents allow-list, which would refuse every query it sends', async () => {
    const allowList = {
      GRAPHQL_TRUSTED_DOCUMENTS: join(import.meta.dirname, '../../client/generated/persisted-documents.json'),
      GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
    };
    expect(loadConfig(allowList).playground).toBe(false);
    expect(loadConfig({ ...allowList, GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'false' }).playground).toBe(true);
    expect(loadConfig({ ...allowList, GRAPHQL_PLAYGROUND: 'true' }).playground).toBe(true);
    const stack = await startStack(allowList);
    try {
      await expectNoPlayground(stack);
    } finally {
      await stack.stop();
    }
  });

  it('serves neither page nor assets with GRAPHQL_PLAYGROUND=false', async () => {
    const stack = await startStack({ GRAPHQL_PLAYGROUND: 'false' });
    try {
      await expectNoPlayground(stack);
    } finally {
      await stack.stop();
    }
  });

  it('serves neither page nor assets with the production defaults', async () => {
    const stack = await startStack(PRODUCTION);
    try {
      await expectNoPlayground(stack);
    } finally {
      await stack.stop();
    }
  });

  it('in production, when enabled, serves the page but introspection stays off unless configured', async () => {
    const stack = await startStack({ ...PRODUCTION, GRAPHQL_PLAYGROUND: 'true' });
    try {
      const res = await fetch(stack.server.url, { headers: BROWSER });
      expect(res.status).toBe(200);
      const html = await res.text();
      // No demo credentials outside development with the embedded service.
      expect(html).not.toContain('15912345678');
      expect(html).toContain('mutation Login');
      const introspection = await stack.gql('{ __schema { queryType { name } } }');
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    } finally {
      await stack.stop();
    }
  });
});
