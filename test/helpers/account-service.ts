/**
 * Starts the embedded account service for a test file (in memory, port 0) and gives a small `call`
 * function that speaks its envelope. General on purpose: the GraphQL tests reuse it as their upstream.
 */
import {
  type AccountService,
  type AccountServiceOptions,
  DEV_TENANT,
  startAccountService,
  type Tenant,
} from '../../src/account-service/index.js';
import { contractHook } from './contract.js';

/** A second tenant, for isolation tests. */
export const OTHER_TENANT: Tenant = { id: 'T000002', apiKey: 'other-tenant-test-key' };

export const AUTH_HEADERS = { 'x-api-tenantid': DEV_TENANT.id, 'x-api-token': DEV_TENANT.apiKey } as const;

export function authHeaders(tenant: Tenant = DEV_TENANT): Record<string, string> {
  return { 'x-api-tenantid': tenant.id, 'x-api-token': tenant.apiKey };
}

/** The decoded envelope. `data` is loosely typed: each test knows the shape it expects. */
export interface EnvelopeJson {
  result: boolean;
  mcode: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
  data?: any;
  message?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: EnvelopeJson;
}

export interface CallOptions {
  /** Replaces the default tenant headers entirely (pass {} to send none). */
  headers?: Record<string, string>;
  /** Sends as this tenant instead of DEV_TENANT. */
  tenant?: Tenant;
}

/** `body`: an object is sent as JSON; a string or Buffer is sent raw (for malformed-input tests). */
export type CallFn = (
  method: string,
  path: string,
  body?: unknown,
  options?: CallOptions,
) => Promise<CallResult>;

/** A settable clock for code and ticket expiry. */
export interface TestClock {
  now: () => number;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(start = Date.UTC(2024, 0, 15, 12, 0, 0)): TestClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
  };
}

export function makeCall(baseUrl: string): CallFn {
  return async (method, path, body, options = {}) => {
    const headers: Record<string, string> = options.headers ?? authHeaders(options.tenant);
    let payload: string | Buffer | undefined;
    if (typeof body === 'string' || Buffer.isBuffer(body)) payload = body;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    // A plain Uint8Array: fetch's BodyInit typing does not take Buffer in every @types version.
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: Buffer.isBuffer(payload) ? new Uint8Array(payload) : payload,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as EnvelopeJson };
  };
}

export interface TestAccountService {
  service: AccountService;
  url: string;
  call: CallFn;
  close(): Promise<void>;
}

/** Defaults: ':memory:', DEV_TENANT and OTHER_TENANT, port 0, demo data on. */
export async function startTestAccountService(
  options: Partial<AccountServiceOptions> = {},
): Promise<TestAccountService> {
  const service = await startAccountService({
    dbPath: ':memory:',
    tenants: [{ ...DEV_TENANT }, OTHER_TENANT],
    // Every answer is checked against the OpenAPI document (test/helpers/contract.ts).
    onResponse: contractHook,
    ...options,
  });
  return { service, url: service.url, call: makeCall(service.url), close: () => service.close() };
}

/** The newest code the outbox holds for a phone or email. */
export function lastCode(service: AccountService, target: string): string {
  const messages = service.store.outbox(target);
  const last = messages[messages.length - 1];
  if (!last) throw new Error(`no code was sent to ${target}`);
  return last.code;
}
