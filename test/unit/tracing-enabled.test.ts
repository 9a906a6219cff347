/** Resolver spans are skipped until an OpenTelemetry SDK registers (this file's worker only). */
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { expect, it } from 'vitest';
import { tracingEnabled } from '../../src/schema/tracing.js';

it('turns resolver spans on when an SDK registers after start-up', async () => {
  expect(tracingEnabled()).toBe(false);
  const provider = new NodeTracerProvider();
  provider.register();
  expect(tracingEnabled()).toBe(true);
  await provider.shutdown();
});
