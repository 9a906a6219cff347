import { defineConfig } from 'vitest/config';

/**
 * Three tiers, all run by `npm test`:
 * - quick: in process, no listening server (unit tests, the schema through the server's in-process
 *   execute over the embedded account service): `npm run test:quick` while editing;
 * - http: the HTTP face and the account service over loopback, on port 0;
 * - slow: other processes (Redis, the built server, npm start, the benchmark's children, a browser)
 *   or long runs.
 */
const SLOW = [
  'test/auth/logout.test.ts',
  'test/auth/redis-outages.test.ts',
  'test/bench/*.test.ts',
  'test/browser/*.test.ts',
  'test/docs/*.test.ts',
  'test/federation/compose.test.ts',
  'test/limits/attempt-limits.test.ts',
  'test/load/*.test.ts',
  'test/server/graceful-shutdown.test.ts',
  'test/server/production-build.test.ts',
  'test/server/start-output.test.ts',
  'test/server/startup.test.ts',
  'test/server/trusted-documents-reload.test.ts',
];
const HTTP = [
  'test/account-service/*.test.ts',
  'test/client/operations.test.ts',
  'test/contract/sections.test.ts',
  'test/federation/gateway.test.ts',
  'test/observability/metrics.test.ts',
  'test/observability/trace-propagation.test.ts',
  'test/observability/tracing.test.ts',
  'test/server/boundary-regressions.test.ts',
  'test/server/expose-codes.test.ts',
  'test/server/log-redaction.test.ts',
  'test/server/playground.test.ts',
  'test/server/production-errors.test.ts',
  'test/server/query-limits.test.ts',
  'test/server/readiness.test.ts',
  'test/server/server-lifecycle.test.ts',
  'test/server/trust-boundary.test.ts',
  'test/server/trusted-documents.test.ts',
  'test/server/upstream-faults.test.ts',
  'test/upstream/client.test.ts',
];

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds without an exports map: Node (and every
    // dependency) loads the CJS one, Vite would hand our sources the ESM one, and two graphql
    // instances break instanceof checks ("from another module or realm"). One instance, as in Node.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own services on port 0; files run in parallel forks.
    pool: 'forks',
    projects: [
      // In-process files share one module cache per worker (no file changes global state): seconds, not minutes.
      {
        extends: true,
        test: { name: 'quick', include: ['test/**/*.test.ts'], exclude: [...SLOW, ...HTTP], isolate: false },
      },
      { extends: true, test: { name: 'http', include: HTTP } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
