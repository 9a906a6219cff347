/**
 * Fails fast while the upstream is down: after `threshold` consecutive transport failures the
 * circuit opens for `cooldownMs`, then lets one probe through; its success closes the circuit.
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  state(): CircuitState;
  /** False when the call must not be made now. */
  allow(): boolean;
  success(): void;
  failure(): void;
  /** The allowed call ended without telling anything (the caller hung up): free the probe slot. */
  abandon(): void;
}

export function createCircuitBreaker(
  threshold: number,
  cooldownMs: number,
  now: () => number = Date.now,
): CircuitBreaker {
  let failures = 0;
  let openedAt: number | undefined;
  let probing = false;

  const state = (): CircuitState => {
    if (openedAt === undefined) return 'closed';
    return now() - openedAt >= cooldownMs ? 'half-open' : 'open';
  };

  return {
    state,
    allow() {
      const s = state();
      if (s === 'closed') return true;
      if (s === 'open' || probing) return false;
      probing = true;
      return true;
    },
    success() {
      failures = 0;
      openedAt = undefined;
      probing = false;
    },
    abandon() {
      probing = false;
    },
    failure() {
      failures++;
      if (probing || failures >= threshold) openedAt = now();
      probing = false;
    },
  };
}
