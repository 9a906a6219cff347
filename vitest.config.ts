import { defineConfig } from 'vitest/config';

/**
 * Tests that start other processes (Redis, the built server, npm start, the benchmark's children, a
 * browser) or run for long: `npm test` runs them with the rest; `npm run test:quick` leaves them out.
 */
const SLOW = [
  'test/bench/**',
  'test/browser/**',
  'test/docs/**',
  'test/load/**',
  'test/federation/compose.test.ts',
  'test/graphql/attempt-limits.test.ts',
  'test/graphql/logout.test.ts',
  'test/graphql/redis-outages.test.ts',
  'test/server/graceful-shutdown.test.ts',
  'test/server/production-build.test.ts',
  'test/server/start-output.test.ts',
  'test/server/startup.test.ts',
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
      { extends: true, test: { name: 'quick', include: ['test/**/*.test.ts'], exclude: SLOW } },
      {
        extends: true,
        test: {
          name: 'slow',
          include: SLOW.map((glob) => (glob.endsWith('/**') ? `${glob}/*.test.ts` : glob)),
        },
      },
    ],
  },
});
