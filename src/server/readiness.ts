/**
 * /readyz: is the upstream reachable and does it accept the tenant credentials? Checked with the
 * cheapest read the contract has (a one-item search that matches nobody), cached briefly so probes
 * cannot turn into load on the upstream.
 */
import type { UpstreamClient } from '../upstream/client.js';
import { createLworkApi } from '../upstream/endpoints.js';
import { isUpstreamError } from '../upstream/errors.js';

export interface ReadinessState {
  ready: boolean;
  upstream: 'ok' | 'unreachable' | 'timeout' | 'bad_response' | 'rejected_credentials';
  checkedAt: string;
}

export function createReadiness(client: UpstreamClient, cacheMs = 1_000) {
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
    async check(): Promise<ReadinessState> {
      if (last && Date.now() - last.at < cacheMs) return last.state;
      inFlight ??= probe().finally(() => {
        inFlight = undefined;
      });
      const state = await inFlight;
      last = { at: Date.now(), state };
      return state;
    },
  };
}
