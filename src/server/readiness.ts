/**
 * /readyz: is the upstream reachable and does it accept the tenant credentials? Checked with the
 * cheapest read the contract has (a one-item search that matches nobody), cached briefly so probes
 * cannot turn into load on the upstream. Answered within its own deadline, shorter than an
 * orchestrator's probe timeout: a hanging upstream reads as `timeout` at the deadline, while the one
 * probe in flight may keep running and its result is cached when it ends.
 */
import type { UpstreamClient } from '../upstream/client.js';
import { createLworkApi } from '../upstream/endpoints.js';
import { isUpstreamError } from '../upstream/errors.js';

export interface ReadinessState {
  ready: boolean;
  upstream: 'ok' | 'unreachable' | 'timeout' | 'bad_response' | 'rejected_credentials';
  checkedAt: string;
}

export interface ReadinessOptions {
  /** The longest check() waits for the probe. */
  deadlineMs: number;
  /** How long one probe's result answers every check. */
  cacheMs?: number;
}

export interface Readiness {
  /** `wholeProbe` waits for the probe's verdict past the deadline (start-up does). */
  check(options?: { wholeProbe?: boolean }): Promise<ReadinessState>;
}

export function createReadiness(client: UpstreamClient, options: ReadinessOptions): Readiness {
  const { deadlineMs, cacheMs = 1_000 } = options;
  const api = createLworkApi(client, { requestId: 'readyz' });
  let last: { at: number; state: ReadinessState } | undefined;
  let inFlight: Promise<ReadinessState> | undefined;

  async function probe(): Promise<ReadinessState> {
    const checkedAt = new Date().toISOString();
    try {
      await api.searchUsers({ type: 'UserName', value: '~readyz~', page: 1, size: 1 });
      return { ready: true, upstream: 'ok', checkedAt };
    } catch (error) {
      if (!isUpstreamError(error)) return { ready: false, upstream: 'unreachable', checkedAt };
      if (error.code === 'UPSTREAM_REJECTED') return { ready: true, upstream: 'ok', checkedAt };
      if (error.status === 401 || error.status === 403) {
        return { ready: false, upstream: 'rejected_credentials', checkedAt };
      }
      if (error.code === 'UPSTREAM_TIMEOUT') return { ready: false, upstream: 'timeout', checkedAt };
      if (error.code === 'UPSTREAM_BAD_RESPONSE')
        return { ready: false, upstream: 'bad_response', checkedAt };
      return { ready: false, upstream: 'unreachable', checkedAt };
    }
  }

  return {
    /** The upstream's state, within the deadline unless `wholeProbe` (start-up waits for the verdict). */
    async check({ wholeProbe = false } = {}): Promise<ReadinessState> {
      if (last && Date.now() - last.at < cacheMs) return last.state;
      // One probe at a time, however many checks wait for it; its result is cached when it ends.
      inFlight ??= probe()
        .then((state) => {
          last = { at: Date.now(), state };
          return state;
        })
        .finally(() => {
          inFlight = undefined;
        });
      if (wholeProbe) return inFlight;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<ReadinessState>((resolve) => {
        timer = setTimeout(
          () => resolve({ ready: false, upstream: 'timeout', checkedAt: new Date().toISOString() }),
          deadlineMs,
        );
      });
      try {
        return await Promise.race([inFlight, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
