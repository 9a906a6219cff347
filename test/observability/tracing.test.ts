/**
 * The span tree of one request, recorded by an in-memory exporter: the router's traceparent is the
 * root, then the operation, its resolvers that reach upstream, and their upstream calls, whose
 * traceparent reaches the account service. This file registers the OpenTelemetry SDK for its
 * process only (vitest runs each file in its own worker).
 */
import {
  InMemorySpanExporter,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionSigner } from '../../src/auth/session.js';
import type { GraphQLServer } from '../../src/server/server.js';
import { type FaultUpstream, ok, startFaultUpstream } from '../helpers/fault-upstream.js';
import { startServerOver, TEST_SESSION_SECRET } from '../helpers/server-over.js';
import { type Stack, startStack } from '../helpers/stack.js';

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
provider.register();

const ROUTER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const ROUTER_SPAN = '00f067aa0ba902b7';
const traceparent = `00-${ROUTER_TRACE}-${ROUTER_SPAN}-01`;

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const children = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => parentOf(s) === parent.spanContext().spanId);

let stack: Stack;
let admin: string;
beforeAll(async () => {
  stack = await startStack();
  admin = await stack.adminToken();
});
afterAll(async () => {
  await stack.stop();
  await provider.shutdown();
});

describe('span tree of a users query with nested details', () => {
  it('nests operation > resolvers > upstream calls under the router span', async () => {
    exporter.reset();
    const res = await fetch(stack.server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${admin}`,
        traceparent,
        'x-request-id': 'trace-req-1',
      },
      body: JSON.stringify({
        query:
          'query Search { users(search: { field: NAME, value: "e" }, first: 3) { nodes { id name tradingAccounts { id name } } } }',
      }),
    });
    const body = (await res.json()) as { data: { users: { nodes: unknown[] } } };
    const users = body.data.users.nodes.length;
    expect(users).toBe(3);

    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === ROUTER_TRACE);
    const operation = spans.find((s) => s.name === 'query Search');
    expect(operation, spans.map((s) => s.name).join(', ')).toBeDefined();
    if (!operation) return;
    expect(parentOf(operation)).toBe(ROUTER_SPAN);
    expect(operation.attributes['request.id']).toBe('trace-req-1');

    const [usersField, ...others] = children(spans, operation);
    expect(others).toEqual([]);
    expect(usersField?.name).toBe('Query.users');
    if (!usersField) return;

    const underUsers = children(spans, usersField);
    expect(underUsers.filter((s) => s.name === 'upstream 2.7')).toHaveLength(1);
    const accountFields = underUsers.filter((s) => s.name === 'User.tradingAccounts');
    expect(accountFields).toHaveLength(users);
    // The loader batches the three details: each call runs under the field span that started the batch.
    const details = spans.filter((s) => s.name === 'upstream 2.8');
    expect(details).toHaveLength(users);
    for (const detail of details) {
      expect(accountFields.map((f) => f.spanContext().spanId)).toContain(parentOf(detail));
      expect(detail.attributes['lwork.outcome']).toBe('ok');
    }
    // Fields read from the search hit get a span but make no upstream call.
    expect(spans.some((s) => s.name === 'User.name')).toBe(true);
    expect(spans.filter((s) => s.name.startsWith('upstream')).length).toBe(1 + users);
  });
});

describe('traceparent to the upstream', () => {
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

  it("carries the router's trace id and the upstream span's id", async () => {
    exporter.reset();
    const token = createSessionSigner(TEST_SESSION_SECRET, 60).issue('u-1').token;
    await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent },
      body: JSON.stringify({ query: '{ me { nickname } }' }),
    });
    const sent = String(upstream.requests[0]?.headers.traceparent);
    expect(sent).toMatch(new RegExp(`^00-${ROUTER_TRACE}-[0-9a-f]{16}-01$`));
    const upstreamSpan = exporter.getFinishedSpans().find((s) => s.name === 'upstream 2.8');
    expect(sent.split('-')[2]).toBe(upstreamSpan?.spanContext().spanId);
  });
});
