/**
 * What one section of the contract states: method, path, parameters, body, the `data` of a success,
 * the expected failures, prose and examples. The account service routes by it, the upstream client
 * calls by it and the OpenAPI document is generated from it.
 */
import type { z } from 'zod';
import type { McodeName } from './mcodes.js';

export type SectionTag = 'Verification codes' | 'Registration' | 'Users' | 'Account profile and tasks';

/** A request body: the wire shape a client sends and the documented shape the service accepts. */
export interface BodySpec<W extends z.ZodType = z.ZodType> {
  wire: W;
  documented: z.ZodType;
  description: string;
}

/** The `data` of a success: the wire shape a client parses and the documented shape the service sends. */
export interface DataSpec<W extends z.ZodType = z.ZodType> {
  wire: W;
  documented: z.ZodType;
  /** A success may leave `data` out (2.1 with sendSms=true). */
  optional?: boolean;
}

export interface Section {
  operationId: string;
  method: 'GET' | 'POST';
  /** The contract path; each `{name}` is one path segment, declared in `params` in path order. */
  path: string;
  /** The section's heading in the contract. */
  heading: string;
  summary: string;
  description: string;
  tag: SectionTag;
  /** Path parameters; each field's description is the parameter's. */
  params?: z.ZodObject;
  /** Query parameters, typed as they mean (a boolean, an integer); each field's description is the parameter's. */
  query?: z.ZodObject;
  body?: BodySpec;
  data?: DataSpec;
  /** What a success answers, in words. */
  answers: string;
  /** The mcodes this section answers with `result: false` and HTTP 200. */
  failures: readonly McodeName[];
  /** The contract's example request and success `data`. */
  examples: {
    params?: Record<string, unknown>;
    query?: Record<string, unknown>;
    body?: unknown;
    data?: unknown;
  };
}

/** A body whose documented shape a client's wire shape must be able to produce. */
export function body<W extends z.ZodType>(
  wire: W,
  documented: z.ZodType<z.input<W>>,
  description: string,
): BodySpec<W> {
  return { wire, documented, description };
}

/** `data` whose documented shape the client's wire shape accepts. */
export function data<W extends z.ZodType>(
  wire: W,
  documented: z.ZodType<z.output<W>>,
): DataSpec<W> & { optional: false } {
  return { wire, documented, optional: false };
}

/** Like `data`, for a section whose success may leave `data` out. */
export function optionalData<W extends z.ZodType>(
  wire: W,
  documented: z.ZodType<z.output<W>>,
): DataSpec<W> & { optional: true } {
  return { wire, documented, optional: true };
}

/** The `{name}` segments of a path template, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/** The path with each `{name}` replaced by its value, percent-encoded as one segment. */
export function expandPath(path: string, values: Readonly<Record<string, string | number>>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new TypeError(`path parameter ${name} is missing`);
    return encodeURIComponent(String(value));
  });
}
