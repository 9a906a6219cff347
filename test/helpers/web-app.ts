/**
 * The example app (examples/web) as a browser gets it: built by `npm run web:build` in a child
 * process (a clean environment, so NODE_ENV is Vite's own, not the test runner's), then served on
 * one origin with the GraphQL endpoint, which is passed through to a running server (`npm start`).
 * One origin means no CORS, as the README recommends for a deploy.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '../..');

/** Builds the app into `outDir`; `mode: 'development'` asks the server for development codes. */
export async function buildWebApp(outDir: string, mode: 'development' | 'production'): Promise<void> {
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  await promisify(execFile)(
    process.execPath,
    [
      vite,
      'build',
      'examples/web',
      '--mode',
      mode,
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT }, timeout: 120_000 },
  );
  if (!existsSync(join(outDir, 'index.html')))
    throw new Error(`vite build wrote no index.html into ${outDir}`);
}

export interface ServedApp {
  /** The app's origin, e.g. http://127.0.0.1:40123 (its API at /graphql). */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Serves the built files, and /graphql from `graphqlUrl`, on one origin. */
export async function serveWebApp(dir: string, graphqlUrl: string): Promise<ServedApp> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/graphql') return passThrough(req, res, graphqlUrl);
    void serveFile(dir, path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function serveFile(dir: string, path: string, res: ServerResponse): Promise<void> {
  // Anything that is not a file of the build is the app's page (client-side routes).
  const relative = normalize(decodeURIComponent(path)).replace(/^(\.\.[/\\])+/, '');
  let file = join(dir, relative);
  if (relative === '/' || !existsSync(file) || !extname(file)) file = join(dir, 'index.html');
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}

/** The request as the browser sent it (method, headers, body), and the server's answer as it came. */
function passThrough(req: IncomingMessage, res: ServerResponse, graphqlUrl: string): void {
  const target = new URL(graphqlUrl);
  const upstream = http.request(
    target,
    { method: req.method, headers: { ...req.headers, host: target.host } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}
