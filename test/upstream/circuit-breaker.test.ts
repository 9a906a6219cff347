/** The circuit breaker on its own, with a clock the test moves. */
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../../src/upstream/circuit-breaker.js';

describe('circuit breaker', () => {
  it('opens after `threshold` consecutive failures, fails fast for the cool-down, then lets one probe through', () => {
    let now = 0;
    const breaker = createCircuitBreaker(3, 1_000, () => now);
    breaker.failure();
    breaker.failure();
    expect(breaker.state()).toBe('closed');
    breaker.success(); // a success in between resets the count
    for (let i = 0; i < 3; i++) breaker.failure();
    expect([breaker.state(), breaker.allow()]).toEqual(['open', false]);
    now = 999;
    expect(breaker.allow()).toBe(false);
    now = 1_000;
    expect(breaker.state()).toBe('half-open');
    expect(breaker.allow()).toBe(true); // the probe
    expect(breaker.allow()).toBe(false); // one probe at a time
    breaker.success();
    expect([breaker.state(), breaker.allow()]).toEqual(['closed', true]);
  });

  it('reopens when the probe fails, and frees the probe when its caller gives up', () => {
    let now = 0;
    const breaker = createCircuitBreaker(1, 500, () => now);
    breaker.failure();
    now = 500;
    expect(breaker.allow()).toBe(true);
    breaker.failure();
    expect(breaker.state()).toBe('open');
    now = 1_000;
    expect(breaker.allow()).toBe(true);
    breaker.abandon();
    expect(breaker.allow()).toBe(true); // the abandoned probe told nothing: another may go
  });
});
