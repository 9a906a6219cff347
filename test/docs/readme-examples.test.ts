/**
 * Every fenced example of README.md works as written, against `npm start` (its real entry, fresh
 * ./data): shell blocks run in bash, GraphQL documents go over HTTP, TypeScript is type-checked and
 * run (a server example also answers the README's GraphQL documents), YAML and JSON parse, and the
 * router config is checked against the ports and files the README names. The stack runs on free
 * ports; rewritePorts (test/helpers/readme-examples.ts) is the one place that maps the README's
 * 4000, 4100 and 4200 onto them. How blocks are classified and marked: the same file.
 */
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { freePort } from '../helpers/free-port.js';
import { type NpmStart, startNpmStart } from '../helpers/npm-start.js';
import { skipUnlessPresent } from '../helpers/prerequisites.js';
import {
  type Identity,
  type Ports,
  README_PORTS,
  type ReadmeExample,
  readmeExamples,
  rewritePorts,
} from '../helpers/readme-examples.js';
import type { Json } from '../helpers/stack.js';

const ROOT = join(import.meta.dirname, '../..');
const README = await readFile(join(ROOT, 'README.md'), 'utf8');
const examples = readmeExamples(README);
const of = <K extends ReadmeExample['kind']>(kind: K) =>
  examples.filter((e): e is Extract<ReadmeExample, { kind: K }> => e.kind === kind);
const where = (e: ReadmeExample) => `README.md:${e.line} (${e.heading})`;

// Types implementing `Error`: an expected failure in an example's answer means the example failed.
const ERROR_TYPES = new Set(
  [
    ...(await readFile(join(ROOT, 'schema.graphql'), 'utf8')).matchAll(
      /^type (\w+) implements [^{]*\bError\b/gm,
    ),
  ].map((m) => m[1]),
);

const noCurl = skipUnlessPresent(
  'the README shell examples',
  spawnSync('curl', ['--version']).status === 0 ? undefined : 'no curl on PATH (the examples use it)',
);

let start: NpmStart;
let ports: Ports;
let scratch: string;
beforeAll(async () => {
  start = await startNpmStart();
  ports = { ...start.ports, supergraph: await freePort() };
  scratch = await mkdtemp(join(tmpdir(), 'lwork-readme-'));
  // curl answers an HTTP error with exit 22 instead of printing the error page as if it were output.
  await writeFile(join(scratch, '.curlrc'), '--fail-with-body\n');
}, 60_000);
afterAll(async () => {
  await start?.stop();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function post(url: string, query: string, token?: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, body: await res.json() };
}

const CREDENTIALS: Record<Identity, { loginName: string; password: string }> = {
  'demo user': { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password },
  'demo admin': { loginName: DEMO_USERS.admin.email, password: DEMO_USERS.admin.password },
};

async function signIn(url: string, as: Identity): Promise<string> {
  const { loginName, password } = CREDENTIALS[as];
  const { body } = await post(
    url,
    `mutation { login(input: { loginName: ${JSON.stringify(loginName)}, password: ${JSON.stringify(password)} }) { ... on Session { token } } }`,
  );
  const token: unknown = body.data?.login?.token;
  if (typeof token !== 'string') throw new Error(`cannot sign in as the ${as}: ${JSON.stringify(body)}`);
  return token;
}

/** Expected failures anywhere in an answer (`InvalidCredentials`, ...), as `__typename` at path. */
function expectedFailures(value: Json, path = 'data'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => expectedFailures(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  const own = ERROR_TYPES.has(value.__typename) ? [`${value.__typename} at ${path}`] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => expectedFailures(v, `${path}.${k}`))];
}

async function expectGraphQLExampleAnswers(
  url: string,
  example: Extract<ReadmeExample, { kind: 'graphql' }>,
) {
  const token = example.as ? await signIn(url, example.as) : undefined;
  const { status, body } = await post(url, example.code, token);
  const hint = example.as
    ? ''
    : ' (anonymous: mark it <!-- example: signed in as the demo user --> if it needs a session)';
  expect(body.errors, `${where(example)}${hint}: ${JSON.stringify(body.errors)}`).toBeUndefined();
  expect(status).toBe(200);
  expect(body.data, where(example)).toBeTruthy();
  expect(expectedFailures(body.data), where(example)).toEqual([]);
}

describe('README examples', () => {
  it('are each classified by fence language or marker', () => {
    const unclassified = of('unclassified').map((e) => `${where(e)}: ${e.why}`);
    expect(unclassified).toEqual([]);
    // The ones this file knows the README has: a silent change to the extraction would show here.
    expect(of('shell').length).toBeGreaterThanOrEqual(3);
    expect(of('graphql').length).toBeGreaterThanOrEqual(3);
    expect(of('program').filter((e) => e.server)).toHaveLength(1);
    expect(of('yaml')).toHaveLength(1);
  });

  it.each(of('graphql'))('GraphQL at README.md:$line ($heading) answers without errors', async (example) => {
    await expectGraphQLExampleAnswers(start.url, example);
  });

  it.skipIf(noCurl).each(of('shell'))(
    'shell at README.md:$line ($heading) runs',
    async (example) => {
      const { stdout } = await promisify(execFile)(
        'bash',
        ['-e', '-o', 'pipefail', '-c', rewritePorts(example.code, ports)],
        {
          cwd: ROOT,
          env: {
            PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
            HOME: scratch,
            CURL_HOME: scratch,
          },
          timeout: 60_000,
        },
      ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(
          `${where(example)} failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
        );
      });
      // Whatever JSON it prints is a success: no GraphQL errors, no failed account-service envelope.
      for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const answer = JSON.parse(line);
        expect(answer.errors, `${where(example)}: ${line}`).toBeUndefined();
        expect(answer.result, `${where(example)}: ${line}`).not.toBe(false);
        if (answer.data) expect(expectedFailures(answer.data), where(example)).toEqual([]);
      }
    },
    60_000,
  );

  it('TypeScript examples type-check against the project (ts and tsx)', () => {
    const blocks = [...of('program'), ...of('typecheck')];
    const files = new Map(blocks.map((e) => [join(ROOT, `readme-example-${e.line}.${e.language}`), e.code]));
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.json did not parse');
    // The client example is browser code: the DOM lib and React's JSX transform.
    const options = {
      ...config.options,
      noEmit: true,
      jsx: ts.JsxEmit.ReactJSX,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    };
    const host = ts.createCompilerHost(options);
    const { fileExists, readFile: read, getSourceFile } = host;
    host.fileExists = (name) => files.has(name) || fileExists(name);
    host.readFile = (name) => files.get(name) ?? read(name);
    host.getSourceFile = (name, language, ...rest) => {
      const code = files.get(name);
      return code === undefined
        ? getSourceFile(name, language, ...rest)
        : ts.createSourceFile(name, code, language);
    };
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => {
      const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${d.file?.fileName.replace(ROOT, '') ?? ''}:${at ? at.line + 1 : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  }, 60_000);

  it.each(of('program'))(
    'TypeScript at README.md:$line ($heading) runs (a server answers the README GraphQL examples)',
    async (example) => {
      // In the repository, so its imports resolve; run from a directory holding the files it reads.
      const file = join(ROOT, `test-output/readme-examples/line-${example.line}.ts`);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, rewritePorts(example.code, ports));
      const cwd = await mkdtemp(join(scratch, 'program-'));
      const supergraph = await readFile(join(ROOT, 'supergraph.graphql'), 'utf8');
      await writeFile(join(cwd, 'supergraph.graphql'), rewritePorts(supergraph, ports));
      const tsx = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
      const child: ChildProcess = spawn(process.execPath, ['--import', tsx, file], {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: scratch },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      try {
        if (!example.server) {
          expect(await exited, `${where(example)}:\n${output}`).toBe(0);
          return;
        }
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout?.on('data', () => {
            const found = /https?:\/\/\S+/.exec(output)?.[0];
            if (found) resolve(found);
          });
          void exited.then((code) => reject(new Error(`${where(example)} exited ${code}:\n${output}`)));
        });
        expect(new URL(url).port, 'listens where the README says, not on 4000 or 4100').toBe(
          String(ports.supergraph),
        );
        for (const graphql of of('graphql')) await expectGraphQLExampleAnswers(url, graphql);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    },
    90_000,
  );

  it.each(of('json'))('JSON at README.md:$line ($heading) parses', (example) => {
    expect(() => JSON.parse(example.code)).not.toThrow();
  });

  it.each(of('yaml'))(
    'YAML at README.md:$line ($heading) parses; a router config fits the README',
    async (example) => {
      const config = parseYaml(example.code) as Json;
      if (!config?.supergraph?.listen) return;
      const listen = new URL(`http://${config.supergraph.listen}`);
      expect(Number(listen.port), 'beside the subgraph and the account service').toBe(
        README_PORTS.supergraph,
      );
      expect(config.headers?.all?.request, 'forwards the Authorization header').toContainEqual({
        propagate: { named: 'authorization' },
      });
      // The router command the README gives reads supergraph.graphql, which routes to npm start's URL.
      expect(README).toContain('router --supergraph supergraph.graphql --config router.yaml');
      const supergraph = await readFile(join(ROOT, 'supergraph.graphql'), 'utf8');
      expect(supergraph).toContain(`url: "http://127.0.0.1:${README_PORTS.graphql}/graphql"`);
      const banner = of('output').find((e) => e.of === 'npm start')?.code ?? '';
      expect(banner).toContain(`http://127.0.0.1:${README_PORTS.graphql}/graphql`);
    },
  );
});
