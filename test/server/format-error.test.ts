/** What clients see of each kind of error, formatError on its own. */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/schema/validation.js';
import { clientCode, formatError } from '../../src/server/format-error.js';
import { QueryLimitError } from '../../src/server/query-limits.js';
import { LocalCallError, UpstreamError } from '../../src/upstream/errors.js';

/** As Apollo calls it: the formatted error, and the original raised in a resolver. */
function format(original: Error, extensions: Record<string, unknown> = {}) {
  const error = new GraphQLError(original.message, { originalError: original, path: ['field'], extensions });
  return formatError(
    { ...error.toJSON(), extensions: { code: 'INTERNAL_SERVER_ERROR', ...extensions } },
    error,
  );
}

describe('formatError', () => {
  it('keeps client codes with their messages and masks everything else', () => {
    expect(format(new Error('secret internals at /work/src/x.ts:1'))).toEqual({
      message: 'Internal server error',
      path: ['field'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const forbidden = new GraphQLError('You may not access this user', { extensions: { code: 'FORBIDDEN' } });
    expect(formatError(forbidden.toJSON(), forbidden).extensions).toEqual({ code: 'FORBIDDEN' });
  });

  it('answers invalid arguments as BAD_USER_INPUT with their field paths', () => {
    const formatted = format(
      new ValidationError([{ path: ['input', 'phone'], message: 'must have 6 to 15 digits' }]),
    );
    expect(formatted.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: ['input', 'phone'], message: 'must have 6 to 15 digits' }],
    });
  });

  it('names refused queries by their limit, without the number or a location', () => {
    const limit = new QueryLimitError('depth');
    expect(formatError(limit.toJSON(), limit)).toEqual({
      message: 'The query is nested too deeply',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth' },
    });
  });

  it('maps upstream failures: outages keep their code, expected answers become client codes, unknown mcodes are masked', () => {
    const timeout = new UpstreamError('UPSTREAM_TIMEOUT', 'The account service did not answer in time', {
      section: '2.8',
    });
    expect(format(timeout).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT' });
    const cooldown = new UpstreamError('UPSTREAM_REJECTED', 'x', { section: '2.1', mcode: 'm0020003' });
    expect(format(cooldown).extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    const tooLarge = new UpstreamError('UPSTREAM_REJECTED', 'x', { section: '2.12', mcode: 'm0000413' });
    expect(format(tooLarge).extensions).toEqual({ code: 'BAD_USER_INPUT' });
    const unknown = new UpstreamError('UPSTREAM_REJECTED', 'x', { section: '2.6', mcode: 'm9999999' });
    expect(format(unknown)).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(format(new LocalCallError('2.7', new TypeError('bad'))).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
  });

  it("answers Apollo's uncoded client refusals as BAD_REQUEST", () => {
    const apq = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(clientCode(apq)).toBe('BAD_REQUEST');
  });
});
