/**
 * Without an OpenTelemetry SDK in the process, the router's trace still reaches the upstream (its
 * trace id in the call's traceparent), and a request without a trace sends none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSigner } from '../../src/auth/session.js';
import { tracingEnabled } from '../../src/observability/trace-context.js';
import type { GraphQLServer } from '../../src/server/server.js';
import { type FaultUpstream, ok, startFaultUpstream } from '../helpers/fault-upstream.js';
import { startServerOver, TEST_SESSION_SECRET } from '../helpers/server-over.js';

const ROUTER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
let upstream: FaultUpstream;
let server: GraphQLServer;

beforeAll(async () => {
  upstream = await startFaultUpstream();
  upstream.script(ok({ username: 'Test', accounts: [] }));
  server = await startServerOver(upstream.url);
});
afterAll(async () => {
  await server.stop();
  await upstream.close();
});

async function me(headers: Record<string, string>) {
  upstream.requests.length = 0;
  const token = createSessionSigner(TEST_SESSION_SECRET, 60).issue('u-1').token;
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify({ query: '{ me { nickname } }' }),
  });
  expect(res.status).toBe(200);
  return upstream.requests[0]?.headers.traceparent;
}

describe('trace context without an SDK', () => {
  it("passes the router's trace on to the upstream, and invents none", async () => {
    expect(tracingEnabled()).toBe(false);
    const sent = await me({ traceparent: `00-${ROUTER_TRACE}-00f067aa0ba902b7-01` });
    expect(sent).toMatch(new RegExp(`^00-${ROUTER_TRACE}-[0-9a-f]{16}-01$`));
    expect(await me({})).toBeUndefined();
  });
});
