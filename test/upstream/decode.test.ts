/** What an answer means, decided without the network: decode.ts on its own. */
import { RequestError } from 'got';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cancelled, decode, httpFailure, transportFailure } from '../../src/upstream/decode.js';
import { LocalCallError, UpstreamError } from '../../src/upstream/errors.js';

const spec = { section: '2.8', data: z.looseObject({ username: z.string() }) };
const envelope = (body: unknown) => JSON.stringify(body);

function thrown(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error('nothing thrown');
}

describe('decode', () => {
  it('answers the data of a success, checked with the section schema', () => {
    expect(decode(spec, 200, envelope({ result: true, mcode: 'm0000000', data: { username: 'a' } }))).toEqual(
      {
        username: 'a',
      },
    );
    expect(decode({ section: '2.9' }, 200, envelope({ result: true, mcode: 'm0000000' }))).toBeUndefined();
  });

  it('turns result:false into UPSTREAM_REJECTED with its mcode, never an outage', () => {
    const error = thrown(() => decode(spec, 200, envelope({ result: false, mcode: 'm0010001' })));
    expect([error.code, error.reason, error.outage]).toEqual(['UPSTREAM_REJECTED', 'USER_NOT_FOUND', false]);
  });

  it('counts an unreadable success or 5xx as an outage, an unreadable 4xx not', () => {
    for (const [status, outage] of [
      [200, true],
      [502, true],
      [400, false],
      [414, false],
    ] as const) {
      const error = thrown(() => decode(spec, status, '<html>oops</html>'));
      expect([error.code, error.outage]).toEqual(['UPSTREAM_BAD_RESPONSE', outage]);
    }
    expect(thrown(() => decode(spec, 200, envelope({ hello: 'world' }))).outage).toBe(true);
  });

  it('reports a record of an unexpected shape, or a missing data, as a bad response but no outage', () => {
    const shape = thrown(() =>
      decode(spec, 200, envelope({ result: true, mcode: 'm0000000', data: { username: 1 } })),
    );
    expect([shape.code, shape.outage]).toEqual(['UPSTREAM_BAD_RESPONSE', false]);
    const missing = thrown(() => decode(spec, 200, envelope({ result: true, mcode: 'm0000000' })));
    expect([missing.code, missing.outage]).toEqual(['UPSTREAM_BAD_RESPONSE', false]);
    const contradictory = thrown(() => decode(spec, 200, envelope({ result: true, mcode: 'm0010001' })));
    expect(contradictory.code).toBe('UPSTREAM_BAD_RESPONSE');
  });
});

describe('classifying failures', () => {
  it('maps statuses: 429 rate limited, 401/403 credentials, 5xx an outage, other 4xx left to the envelope', () => {
    expect(httpFailure('2.8', 429, '', undefined)?.code).toBe('RATE_LIMITED');
    const credentials = httpFailure('2.8', 401, envelope({ result: false, mcode: 'm0000403' }), undefined);
    expect([credentials?.code, credentials?.mcode, credentials?.outage]).toEqual([
      'UPSTREAM_UNAVAILABLE',
      'm0000403',
      false,
    ]);
    expect(httpFailure('2.8', 503, '', undefined)?.outage).toBe(true);
    expect(httpFailure('2.8', 404, '', undefined)).toBeUndefined();
  });

  it('tells the network and timeouts (outages) from calls this process could not build (local faults)', () => {
    const network = new RequestError(
      'connect ECONNREFUSED',
      Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      {} as never,
    );
    const refused = transportFailure('2.8', network);
    expect(refused).toBeInstanceOf(UpstreamError);
    expect([(refused as UpstreamError).code, (refused as UpstreamError).outage]).toEqual([
      'UPSTREAM_UNAVAILABLE',
      true,
    ]);

    const socket = Object.assign(new Error('socket closed'), { code: 'ERR_SOCKET_CLOSED_BEFORE_CONNECTION' });
    expect((transportFailure('2.8', socket) as UpstreamError).outage).toBe(true);

    const timeout = Object.assign(new Error('Timeout awaiting request'), { code: 'ETIMEDOUT' });
    expect((transportFailure('2.8', timeout) as UpstreamError).code).toBe('UPSTREAM_TIMEOUT');

    const badValue = new RequestError(
      "Option 'searchParams.v': Expected values",
      new TypeError('bad'),
      {} as never,
    );
    expect(transportFailure('2.7', badValue)).toBeInstanceOf(LocalCallError);
    expect(transportFailure('2.7', new TypeError('x'))).toBeInstanceOf(LocalCallError);
    expect(transportFailure('2.7', 'not an error')).toBeInstanceOf(LocalCallError);
  });

  it('calls a cancelled call a timeout that says nothing of the upstream', () => {
    const error = cancelled('2.8', new DOMException('aborted', 'AbortError'));
    expect([error.code, error.outage]).toEqual(['UPSTREAM_TIMEOUT', false]);
  });
});
