import { context, trace } from '@opentelemetry/api';
/** Resolver spans are skipped until an OpenTelemetry SDK registers (this file's worker only). */
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { GraphQLResolveInfo } from 'graphql';
import { expect, it } from 'vitest';
import { tracingEnabled } from '../../src/observability/trace-context.js';
import { resolverSpan } from '../../src/schema/tracing.js';

it('turns resolver spans on when an SDK registers after the schema was built', async () => {
  const calls: unknown[] = [];
  const resolver = resolverSpan<object>((_source, args) => {
    calls.push(args);
    return 'ok';
  }, true);
  const info = {
    parentType: { name: 'User' },
    fieldName: 'profile',
    returnType: 'AccountProfile',
    path: { key: 'profile' },
  };
  const resolve = (n: number) => resolver(null, { n }, {}, info as unknown as GraphQLResolveInfo);

  expect(tracingEnabled()).toBe(false);
  expect(resolve(1)).toBe('ok');

  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  provider.register();
  expect(tracingEnabled()).toBe(true);
  expect(await resolve(2)).toBe('ok');
  expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['User.profile']);
  expect(calls).toEqual([{ n: 1 }, { n: 2 }]);
  await provider.shutdown();
  // The quick tier shares module state between files: leave no SDK registered behind.
  trace.disable();
  context.disable();
  expect(tracingEnabled()).toBe(false);
});
