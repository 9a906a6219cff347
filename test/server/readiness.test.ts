/** /readyz answers within its own deadline, whatever the upstream does. */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLServer } from '../../src/server/server.js';
import { type FaultUpstream, hang, ok, startFaultUpstream } from '../helpers/fault-upstream.js';
import { startServerOver } from '../helpers/server-over.js';

const SEARCH_EMPTY = { list: [], offset: 0, pager: 1, pages: 0, size: 1, total: 0 };

let upstream: FaultUpstream;
let server: GraphQLServer;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  // The probe itself may take far longer: 4 s per attempt.
  server = await startServerOver(upstream.url, {
    LWORK_REQUEST_TIMEOUT_MS: '4000',
    READINESS_TIMEOUT_MS: '300',
  });
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});

async function readyz(): Promise<{ status: number; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.origin}/readyz`);
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    ms: performance.now() - started,
  };
}

describe('/readyz', () => {
  it('answers 503 timeout at its deadline while the upstream hangs, with one probe in flight', async () => {
    upstream.script(hang);
    const answers = await Promise.all([readyz(), readyz(), readyz()]);
    answers.push(await readyz());
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ ready: false, upstream: 'timeout' });
      // Deadline 300 ms; the probe is held 4 s or more. The bound is loose for a noisy machine.
      expect(answer.ms).toBeLessThan(2_000);
    }
    // The probe still waiting on the upstream is the only one: checks join it rather than pile up.
    expect(upstream.requests).toHaveLength(1);
  });

  it('is ready again once the upstream answers', async () => {
    upstream.script(ok(SEARCH_EMPTY));
    // The hanging probe ends with the upstream's request timeout; its verdict is cached briefly.
    const deadline = Date.now() + 20_000;
    let last = await readyz();
    while (last.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      last = await readyz();
    }
    expect(last.body).toMatchObject({ ready: true, upstream: 'ok' });
  }, 30_000);
});
