/**
 * The server object's promises, whichever door a request comes in by:
 * - an access line for every GraphQL request, also when the client hangs up before the answer;
 * - stop() lets in-flight operations finish before it releases the services: over its own port,
 *   through `handle` mounted on another node:http server, or the in-process `execute`;
 * - an in-process `execute` traces as a request does: its operation span ends, and the resolver
 *   spans are its children.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from '../helpers/log-capture.js';
import { type Stack, startStack } from '../helpers/stack.js';

/** A POST the upstream answers only after the service's delay: never retried, so a cut shows. */
const AVATAR = 'mutation SetAvatar { updateAvatar(url: "https://example.com/a.png") { __typename } }';

let stacks: Stack[] = [];
afterEach(async () => {
  await Promise.all(stacks.map((s) => s.stop().catch(() => {})));
  stacks = [];
});

async function stack(...args: Parameters<typeof startStack>): Promise<Stack> {
  const started = await startStack(...args);
  stacks.push(started);
  return started;
}

describe('the access line', () => {
  it('is written for a request whose client hangs up before the answer', async () => {
    const logs = captureLogs();
    const s = await stack({}, { logStream: logs.stream, serviceDelayMs: 400 });
    const token = await s.demoToken();
    await fetch(s.server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-request-id': 'abandoned-1',
      },
      body: JSON.stringify({ query: 'query Me { me { id name } }' }),
      signal: AbortSignal.timeout(100),
    }).catch(() => {});
    await expect
      .poll(
        () =>
          logs.records().filter((r) => r.requestId === 'abandoned-1' && r.msg === 'graphql request').length,
        { timeout: 3_000 },
      )
      .toBe(1);
  });
});

describe('stop()', () => {
  it('lets an in-process execute in flight finish before it releases the services', async () => {
    const s = await stack({}, { inProcess: true, serviceDelayMs: 300 });
    const token = await s.demoToken();
    const pending = s.server.execute({ query: AVATAR }, { token });
    await sleep(100);
    await s.server.stop();
    const { result } = await pending;
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ updateAvatar: { __typename: 'User' } });
  });

  it('lets a request in flight through handle() on another node:http server finish', async () => {
    const s = await stack({}, { inProcess: true, serviceDelayMs: 300 });
    const token = await s.demoToken();
    const outer = http.createServer(s.server.handle);
    await new Promise<void>((resolve) => outer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(outer.address() as AddressInfo).port}/graphql`;
      const pending = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: AVATAR }),
      }).then((res) => res.json() as Promise<{ data?: unknown; errors?: unknown[] }>);
      await sleep(100);
      await s.server.stop();
      const body = await pending;
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ updateAvatar: { __typename: 'User' } });
    } finally {
      outer.close();
    }
  });
});

describe('an in-process execute', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
  });

  it('ends its operation span, the parent of its resolver spans, as a request over HTTP does', async () => {
    provider.register();
    const s = await stack({}, { inProcess: true });
    const token = await s.demoToken();
    exporter.reset();
    const { result } = await s.server.execute({ query: 'query Me { me { name } }' }, { token });
    expect(result.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.name === 'query Me');
    expect(operation, `finished spans: ${spans.map((span) => span.name).join(', ')}`).toBeDefined();
    const resolver = spans.find((span) => span.name === 'Query.me') as ReadableSpan;
    expect(resolver.parentSpanContext?.spanId).toBe(operation?.spanContext().spanId);
  });
});
