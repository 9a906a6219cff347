/** What every route handler receives, and small helpers for reading the query string. */
import type { Codes } from '../codes.js';
import type { Answer } from '../http.js';
import type { AccountStore } from '../store.js';

export interface HandlerContext {
  tenantId: string;
  /** Decoded path parameters, in path order. */
  params: readonly string[];
  query: URLSearchParams;
  /** The parsed JSON body of a POST (undefined when empty); undefined for a GET. */
  body: unknown;
  /** The service clock (ms); read it when the time is needed, as scrypt work takes a while. */
  now: () => number;
  store: AccountStore;
  codes: Codes;
}

export type Handler = (ctx: HandlerContext) => Answer | Promise<Answer>;

/** The named query parameters as an object (first value of each; absent ones left out). */
export function queryObject(query: URLSearchParams, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = query.get(name);
    if (value !== null) out[name] = value;
  }
  return out;
}
