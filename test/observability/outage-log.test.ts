import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createOutageLog } from '../../src/observability/outage-log.js';
import { captureLogs } from '../helpers/log-capture.js';

describe('outage log', () => {
  it('writes one line when an outage starts, one per interval while it lasts, one when it ends', () => {
    const logs = captureLogs();
    let t = 1_000;
    const outage = createOutageLog(createLogger('info', logs.stream), {
      dependency: 'redis',
      effect: 'limits per instance',
      intervalMs: 10_000,
      now: () => t,
    });

    outage.ok();
    for (let i = 0; i < 5_000; i++) {
      outage.failed(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      t += 5; // 25 s of failures
    }
    outage.ok();
    outage.ok();

    const records = logs.records();
    expect(records.map((r) => [r.level, r.msg])).toEqual([
      [40, 'redis unavailable: limits per instance'],
      [40, 'redis still unavailable'],
      [40, 'redis still unavailable'],
      [30, 'redis available again'],
    ]);
    expect(records[0]?.error).toBe('ECONNREFUSED: connect ECONNREFUSED');
    expect(records.some((r) => 'stack' in r || 'err' in r)).toBe(false);
    expect(records[3]).toMatchObject({ failures: 5_000, outageMs: 25_000 });
    // The summaries count what happened since the line before.
    expect(records[1]?.failures).toBe(2_000);
  });

  it('lets an outage start in the log at most once per interval, so a flapping dependency stays quiet', () => {
    const logs = captureLogs();
    let t = 0;
    const outage = createOutageLog(createLogger('info', logs.stream), {
      dependency: 'upstream',
      effect: 'fields fail',
      intervalMs: 10_000,
      now: () => t,
    });
    outage.failed(new Error('503'));
    outage.ok();
    // Flaps inside the interval: silent, but counted.
    for (let i = 0; i < 100; i++) {
      t += 10;
      outage.failed(new Error('503'));
      t += 10;
      outage.ok();
    }
    t = 20_000;
    outage.failed(new Error('503'));
    t += 1_000;
    outage.ok();
    expect(logs.records().map((r) => [r.msg, r.earlierFailures, r.failures])).toEqual([
      ['upstream unavailable: fields fail', undefined, undefined],
      ['upstream available again', undefined, 1],
      ['upstream unavailable: fields fail', 100, undefined],
      ['upstream available again', undefined, 1],
    ]);
  });
});

describe('outage log of a flapping dependency', () => {
  it('writes a bounded number of lines for a flapping dependency (one replica of three down)', () => {
    const logs = captureLogs();
    let t = 0;
    const outage = createOutageLog(createLogger('info', logs.stream), {
      dependency: 'upstream',
      effect: 'fields fail',
      now: () => t,
    });
    // 3,000 calls in 3 seconds, every third one failing.
    for (let i = 0; i < 3_000; i++) {
      if (i % 3 === 0) outage.failed(new Error('503'));
      else outage.ok();
      t += 1;
    }
    expect(logs.records().length).toBeLessThanOrEqual(4);
  });
});
