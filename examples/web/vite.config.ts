/**
 * The example app's build. `npm run web:dev` serves it with hot reload and sends /graphql to the
 * server `npm start` runs (port 4000), so the page and the API share one origin: no CORS, and Apollo
 * Client's `content-type: application/json` satisfies the server's CSRF prevention.
 * `npm run web:build` writes examples/web/dist, to serve beside /graphql on the API's origin.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = { '/graphql': 'http://127.0.0.1:4000' };

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  server: { proxy: api },
  preview: { proxy: api },
  build: { outDir: 'dist', emptyOutDir: true },
});
