import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds without an exports map: Node (and every
    // dependency) loads the CJS one, Vite would hand our sources the ESM one, and two graphql
    // instances break instanceof checks ("from another module or realm"). One instance, as in Node.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each file starts its own services on port 0; files run in parallel forks.
    pool: 'forks',
  },
});
