/**
 * HTTP plumbing of the account service: the envelope, typed failures, bounded body reading and
 * JSON parsing. Nothing here knows about routes or storage.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MCODES, type McodeName } from '../contract/mcodes.js';

/** Bodies over this many bytes are refused with 413 before they are buffered. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An expected failure: answered as `{result: false, mcode}` with the catalogue's HTTP status. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly mcode: McodeName,
    /** Safe, value-free detail (e.g. the name of a bad field); sent as `message`. */
    readonly detail?: string,
  ) {
    super(detail ?? MCODES[mcode].meaning);
  }
}

/** The client went away before its request was read: nobody is left to answer. */
export class RequestAbortedError extends Error {
  override name = 'RequestAbortedError';
}

export interface Answer {
  status: number;
  body: { result: boolean; mcode: string; data?: unknown; message?: string };
  headers?: Record<string, string>;
}

/** The success envelope; `data` is left out entirely when undefined, as the contract does. */
export function okAnswer(data?: unknown): Answer {
  const body: Answer['body'] = { result: true, mcode: MCODES.OK.code };
  if (data !== undefined) body.data = data;
  return { status: MCODES.OK.status, body };
}

export function errorAnswer(name: McodeName, detail?: string): Answer {
  const body: Answer['body'] = { result: false, mcode: MCODES[name].code };
  if (detail !== undefined) body.message = detail;
  return { status: MCODES[name].status, body };
}

export function sendAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
    ...answer.headers,
  });
  res.end(payload);
}

/**
 * Reads the whole body, refusing more than `limit` bytes: a declared Content-Length over the limit is
 * refused before reading anything, a chunked body as soon as it crosses the limit.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new ApiError('PAYLOAD_TOO_LARGE'));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (err: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      req.off('close', onClose);
      if (err) reject(err);
      else resolve(body ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        settle(new ApiError('PAYLOAD_TOO_LARGE'));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => settle(undefined, Buffer.concat(chunks, size));
    const onAbort = () => settle(new RequestAbortedError('request aborted'));
    // 'close' before 'end' means the peer hung up mid-body.
    const onClose = () => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
    req.on('close', onClose);
  });
}

/** An empty body is `undefined` (the route's schema then reports the missing fields). */
export function parseJsonBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  // Lenient about a missing Content-Type (curl users); strict about a declared non-JSON one.
  if (contentType !== undefined && !/\bjson\b/i.test(contentType)) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE');
  }
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError('MALFORMED_JSON');
  }
}
