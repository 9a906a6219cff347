/**
 * The offline playground: GraphiQL served entirely by this server from installed packages, so it works
 * on a machine without internet. GET /graphql from a browser (Accept: text/html, no `query` parameter)
 * answers the page; its scripts and styles live under /playground/. A strict Content-Security-Policy
 * keeps the page from loading or sending anything to another origin.
 *
 * Docs and autocompletion come from introspection, so they follow GRAPHQL_INTROSPECTION: with the
 * playground enabled in production and introspection off, queries run but the schema is unknown.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

export interface PlaygroundOptions {
  /** Filled into the example `login` mutation (the embedded service's demo user in development). */
  exampleLogin?: { loginName: string; password: string };
}

export interface Playground {
  /** Answers the page or an asset and returns true; returns false for anything else. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

/** No inline script (the bootstrap is a served file), no eval, nothing from another origin. */
export const PLAYGROUND_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // GraphiQL and its popovers set style attributes and inject <style> elements at runtime.
  "style-src 'self' 'unsafe-inline'",
  // The stylesheet embeds its fonts and a few icons as data: URLs.
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_PREFIX = '/playground/';

interface Asset {
  body: Buffer;
  contentType: string;
  /** A prefix of the content hash: the ETag and the page's ?v= cache buster. */
  version: string;
  gzipped?: Promise<Buffer>;
}

const gzipAsync = promisify(gzip);

export function createPlayground(options: PlaygroundOptions = {}): Playground {
  const require = createRequire(import.meta.url);
  // Through package.json: react's `exports` map does not list its umd/ files.
  const fromPackage = (pkg: string, file: string, contentType: string) =>
    asset(readFileSync(join(dirname(require.resolve(`${pkg}/package.json`)), file)), contentType);
  const js = 'text/javascript; charset=utf-8';
  const css = 'text/css; charset=utf-8';
  const json = 'application/json; charset=utf-8';

  const assets = new Map<string, Asset>([
    ['react.production.min.js', fromPackage('react', 'umd/react.production.min.js', js)],
    ['react-dom.production.min.js', fromPackage('react-dom', 'umd/react-dom.production.min.js', js)],
    ['graphiql.min.js', fromPackage('graphiql', 'graphiql.min.js', js)],
    ['graphiql.min.js.map', fromPackage('graphiql', 'graphiql.min.js.map', json)],
    ['graphiql.min.css', fromPackage('graphiql', 'graphiql.min.css', css)],
    ['graphiql.min.css.map', fromPackage('graphiql', 'graphiql.min.css.map', json)],
    ['init.js', asset(Buffer.from(INIT_SCRIPT), js)],
  ]);
  const page = asset(Buffer.from(renderPage(assets, options)), 'text/html; charset=utf-8');

  return {
    handle(req, res, url) {
      const method = req.method ?? 'GET';
      if (method !== 'GET' && method !== 'HEAD') return false;
      if (url.pathname === '/graphql') {
        // A GraphQL GET (with `query`) goes to Apollo even from a browser.
        if (url.searchParams.has('query') || !(req.headers.accept ?? '').includes('text/html')) return false;
        send(req, res, page, {
          'cache-control': 'no-cache',
          'content-security-policy': PLAYGROUND_CSP,
          'referrer-policy': 'no-referrer',
        });
        return true;
      }
      if (!url.pathname.startsWith(ASSET_PREFIX)) return false;
      const found = assets.get(url.pathname.slice(ASSET_PREFIX.length));
      if (!found) return false;
      // Safe to cache for a year: the page links every asset with ?v=<content hash>.
      send(req, res, found, { 'cache-control': 'public, max-age=31536000, immutable' });
      return true;
    },
  };
}

function asset(body: Buffer, contentType: string): Asset {
  return { body, contentType, version: createHash('sha256').update(body).digest('base64url').slice(0, 16) };
}

function send(req: IncomingMessage, res: ServerResponse, file: Asset, headers: Record<string, string>): void {
  res.setHeader('content-type', file.contentType);
  // Weak: the gzipped and the identity bodies are the same resource.
  res.setHeader('etag', `W/"${file.version}"`);
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('x-content-type-options', 'nosniff');
  for (const [key, value] of Object.entries(headers)) res.setHeader(key, value);

  if (matchesEtag(req.headers['if-none-match'], file.version)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  if (!acceptsGzip(req.headers['accept-encoding'])) {
    finish(req, res, file.body);
    return;
  }
  // Compressed once, on first demand: graphiql.min.js is 3.5 MB unminified, about 0.7 MB gzipped.
  file.gzipped ??= gzipAsync(file.body);
  file.gzipped.then(
    (compressed) => {
      res.setHeader('content-encoding', 'gzip');
      finish(req, res, compressed);
    },
    () => finish(req, res, file.body),
  );
}

function finish(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  res.statusCode = 200;
  res.setHeader('content-length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** If-None-Match uses the weak comparison: `W/"v"` and `"v"` both match. */
function matchesEtag(header: string | undefined, version: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === `"${version}"`;
  });
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return coding === 'gzip' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function renderPage(assets: Map<string, Asset>, options: PlaygroundOptions): string {
  // Relative URLs, so the page also works behind a reverse proxy that mounts the API under a prefix.
  const href = (name: string) => {
    const file = assets.get(name);
    if (!file) throw new Error(`unknown playground asset ${name}`);
    return `playground/${name}?v=${file.version}`;
  };
  // A JSON data block is never executed, so it needs no script-src exception; `<` is escaped so the
  // text cannot close the element.
  const settings = JSON.stringify({ defaultQuery: exampleDocument(options) }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>lwork-graph playground</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${href('graphiql.min.css')}" />
    <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="graphiql">Loading the playground…</div>
    <script type="application/json" id="playground-settings">${settings}</script>
    <script src="${href('react.production.min.js')}"></script>
    <script src="${href('react-dom.production.min.js')}"></script>
    <script src="${href('graphiql.min.js')}"></script>
    <script src="${href('init.js')}"></script>
  </body>
</html>
`;
}

function exampleDocument({ exampleLogin }: PlaygroundOptions): string {
  const login = exampleLogin ?? { loginName: '<phone, email or user name>', password: '<password>' };
  return `# lwork-graph playground: served by this server alone,
# it works offline.
#
# 1. Run "Login": the run button (or Ctrl-Enter) asks
#    which operation to run.
# 2. Copy the token from the result into the Headers tab
#    below, as {"Authorization": "Bearer <token>"}
#    (headers are never saved in the browser).
# 3. Run "Me".
#
# Docs: the book icon, top left. Autocomplete: Ctrl-Space.

mutation Login {
  login(input: { loginName: ${JSON.stringify(login.loginName)}, password: ${JSON.stringify(login.password)} }) {
    __typename
    ... on Session {
      token
      expiresAt
      user {
        id
        name
        phone
      }
    }
    ... on Error {
      message
    }
  }
}

query Me {
  me {
    id
    name
    email
    phone
    tradingAccounts {
      id
      type
      balance
      currency
      platform
    }
  }
}
`;
}

/** Served as /playground/init.js: the only script of the page that is not a package's bundle. */
const INIT_SCRIPT = `'use strict';
(function () {
  var settings = JSON.parse(document.getElementById('playground-settings').textContent);
  // The page is served at the GraphQL endpoint itself.
  var endpoint = window.location.pathname;
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: settings.defaultQuery,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    }),
  );
})();
`;
