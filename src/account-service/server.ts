/**
 * The node:http server of the account service: authentication, routing, body reading, the envelope,
 * and the rule that nothing a client sends can crash or hang it.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Codes } from './codes.js';
import type { RequestCounters } from './counters.js';
import type { HandlerContext } from './handlers/context.js';
import {
  type Answer,
  ApiError,
  errorAnswer,
  parseJsonBody,
  RequestAbortedError,
  readBody,
  sendAnswer,
} from './http.js';
import { OPENAPI_DOCUMENT, OPENAPI_PATH } from './openapi.js';
import { matchRoute } from './routes.js';
import type { AccountStore } from './store.js';

export interface Tenant {
  id: string;
  apiKey: string;
}

/** One answer as sent: what the contract tests check against the OpenAPI document. */
export interface ResponseRecord {
  method: string;
  /** The request path without its query, still percent-encoded. */
  path: string;
  /** The contract section of the route, when one matched. */
  section: string | undefined;
  status: number;
  body: unknown;
}

export interface ServerDeps {
  store: AccountStore;
  codes: Codes;
  tenants: readonly Tenant[];
  now: () => number;
  counters: RequestCounters;
  delayMs: number;
  logger?: Logger | undefined;
  /** Tests only: called after each answer is sent. */
  onResponse?: ((record: ResponseRecord) => void) | undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks the tenant headers. Keys are compared as sha256 digests with timingSafeEqual (equal length,
 * constant time), and an unknown tenant id still costs one comparison.
 */
function authenticate(req: IncomingMessage, keys: ReadonlyMap<string, Buffer>, dummy: Buffer): string {
  const tenantId = req.headers['x-api-tenantid'];
  const token = req.headers['x-api-token'];
  if (typeof tenantId !== 'string' || typeof token !== 'string' || tenantId === '' || token === '') {
    throw new ApiError('UNAUTHORIZED_MISSING');
  }
  const expected = keys.get(tenantId);
  const match = timingSafeEqual(digest(token), expected ?? dummy);
  if (!expected || !match) throw new ApiError('UNAUTHORIZED_INVALID');
  return tenantId;
}

export function createAccountServer(deps: ServerDeps): Server {
  const keys = new Map(deps.tenants.map((t) => [t.id, digest(t.apiKey)]));
  const dummyKey = digest('\u0000no tenant\u0000');

  // The description of the API holds no data: served without the tenant headers.
  const documentPayload = JSON.stringify(OPENAPI_DOCUMENT);

  async function dispatch(
    req: IncomingMessage,
    path: string,
    onSection: (section: string) => void,
  ): Promise<Answer> {
    const tenantId = authenticate(req, keys, dummyKey);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
    const match = matchRoute(req.method ?? 'GET', path);
    if ('error' in match) {
      const answer = errorAnswer(match.error);
      if (match.allow) answer.headers = { allow: match.allow };
      return answer;
    }
    onSection(match.route.section);
    deps.counters.bySection[match.route.section] = (deps.counters.bySection[match.route.section] ?? 0) + 1;
    const body =
      match.route.method === 'POST'
        ? parseJsonBody(await readBody(req), req.headers['content-type'])
        : undefined;
    const ctx: HandlerContext = {
      tenantId,
      params: match.params,
      query,
      body,
      now: deps.now,
      store: deps.store,
      codes: deps.codes,
    };
    return match.route.handler(ctx);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    deps.counters.total += 1;
    const rawUrl = req.url ?? '/';
    const path = rawUrl.split('?', 1)[0] ?? rawUrl;
    if (req.method === 'GET' && path === OPENAPI_PATH) {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(documentPayload),
        'cache-control': 'no-cache',
      });
      res.end(documentPayload);
      deps.onResponse?.({ method: 'GET', path, section: undefined, status: 200, body: OPENAPI_DOCUMENT });
      return;
    }
    let section: string | undefined;
    let answer: Answer;
    try {
      answer = await dispatch(req, path, (s) => {
        section = s;
      });
    } catch (err) {
      if (err instanceof RequestAbortedError) {
        req.destroy();
        return;
      }
      if (err instanceof ApiError) {
        answer = errorAnswer(err.mcode, err.detail);
      } else {
        // Only the error's class and stack: messages of lower layers may quote input.
        deps.logger?.error(
          { err: { name: (err as Error)?.name, stack: (err as Error)?.stack }, section },
          'unexpected error',
        );
        answer = errorAnswer('INTERNAL_ERROR');
      }
    }
    if (answer.status === 413) {
      // The unread rest of the body is not wanted: answer, then close the connection.
      answer.headers = { ...answer.headers, connection: 'close' };
    }
    if (deps.delayMs > 0) await sleep(deps.delayMs);
    sendAnswer(res, answer);
    deps.onResponse?.({
      method: req.method ?? 'GET',
      path,
      section,
      status: answer.status,
      body: answer.body,
    });
    // Never the URL (its query may hold a phone, an email or a code), a body or a header but this one.
    const requestId = req.headers['x-request-id'];
    deps.logger?.debug(
      {
        requestId: typeof requestId === 'string' ? requestId.slice(0, 128) : undefined,
        method: req.method,
        section,
        status: answer.status,
        mcode: answer.body.mcode,
        ms: performance.now() - started,
      },
      'request',
    );
  }

  const server = createServer((req, res) => {
    const { counters } = deps;
    counters.inFlight += 1;
    counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
    handle(req, res)
      .catch((err: unknown) => {
        deps.logger?.error({ err: { name: (err as Error)?.name } }, 'request handling failed');
        if (!res.headersSent) sendAnswer(res, errorAnswer('INTERNAL_ERROR'));
        else res.destroy();
      })
      .finally(() => {
        counters.inFlight -= 1;
      });
  });
  server.on('connection', () => {
    deps.counters.connections += 1;
  });
  server.on('clientError', (_err, socket) => {
    // Unparseable HTTP: answer 400 if the socket still can, and drop it.
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  // Idle keep-alive sockets stay open a minute, as behind a typical load balancer: a client's pool
  // survives a pause in traffic instead of reconnecting after Node's default 5 s.
  server.keepAliveTimeout = 65_000;
  return server;
}
