/**
 * `npm run build` + `npm run start:prod`: the compiled server (no tsx) starts with the recommended V8
 * flags in production against an upstream, answers, and exits 0 on SIGTERM.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import {
  type AccountService,
  DEMO_USERS,
  DEV_TENANT,
  startAccountService,
} from '../../src/account-service/index.js';
import { startServerProcess } from '../helpers/server-process.js';

// Inside the repository, so the compiled modules resolve node_modules; git- and lint-ignored.
const OUT_DIR = `test-output/build-${process.pid}`;

let service: AccountService;
let child: ChildProcess | undefined;
beforeAll(async () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', OUT_DIR], {
    stdio: 'inherit',
  });
  service = await startAccountService({ dbPath: ':memory:', tenants: [DEV_TENANT], demoData: true });
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await service.close();
  rmSync(OUT_DIR, { recursive: true, force: true });
});

it('runs the compiled server with the start:prod flags in production', async () => {
  // The same node flags as `npm run start:prod`, with the entry in this test's output directory.
  const flags = packageJson.scripts['start:prod'].split(' ').slice(1, -1);
  expect(flags).toEqual(['--enable-source-maps', '--max-semi-space-size=8', '--max-old-space-size=160']);
  const server = await startServerProcess([...flags, `${OUT_DIR}/main.js`], {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: '0',
    LOG_LEVEL: 'warn',
    LWORK_API_URL: service.url,
    LWORK_TENANT_ID: DEV_TENANT.id,
    LWORK_API_KEY: DEV_TENANT.apiKey,
    SESSION_SECRET: 'production-build-test-secret-0123456789',
  });
  child = server.process;
  const { url } = server;

  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: LoginInput!) { login(input: $input) { __typename } }',
      variables: { input: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password } },
    }),
  });
  expect(await res.json()).toEqual({ data: { login: { __typename: 'Session' } } });
  // Production: no playground, no introspection.
  expect((await fetch(url, { headers: { accept: 'text/html' } })).status).not.toBe(200);

  server.process.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  expect(server.stderr()).toBe('');
}, 60_000);
