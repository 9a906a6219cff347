/** `npm run compose` and the composition module it shares with the gateway tests. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  composeFromConfigFile,
  composeSupergraph,
  parseSupergraphConfig,
  readSupergraphConfig,
  SupergraphConfigError,
} from '../../scripts/compose-supergraph.js';
import { type Stack, startStack } from '../helpers/stack.js';
import { TRADING_SDL } from './trading-subgraph.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** Runs scripts/compose.ts; resolves with the exit code and the output, whatever the code. */
async function compose(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      join(root, 'node_modules/.bin/tsx'),
      ['scripts/compose.ts', ...args],
      {
        cwd: root,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('the committed supergraph', () => {
  it('equals a fresh composition of supergraph.config.json (`npm run schema` regenerates both)', async () => {
    const fresh = await composeFromConfigFile(join(root, 'supergraph.config.json'));
    if (!fresh.ok) throw new Error(fresh.errors.join('\n'));
    expect(await readFile(join(root, 'supergraph.graphql'), 'utf8')).toBe(fresh.supergraphSdl);
  });

  it('composes our subgraph from schema.graphql alone, routed to the default local URL', async () => {
    const config = await readSupergraphConfig(join(root, 'supergraph.config.json'));
    expect(config.subgraphs).toEqual([
      { name: 'accounts', sdlFile: 'schema.graphql', url: 'http://127.0.0.1:4000/graphql' },
    ]);
  });
});

describe('parseSupergraphConfig', () => {
  it('accepts URL and SDL-file entries', () => {
    const config = {
      subgraphs: [
        { name: 'accounts', url: 'http://127.0.0.1:4000/graphql' },
        { name: 'trading', sdlFile: 'trading.graphql', url: 'https://trading.internal/graphql' },
      ],
    };
    expect(parseSupergraphConfig(config)).toEqual(config);
  });

  it.each([
    ['no subgraphs', { subgraphs: [] }, 'subgraphs'],
    ['a missing url', { subgraphs: [{ name: 'a', sdlFile: 'a.graphql' }] }, 'subgraphs.0.url'],
    ['a url that is not http', { subgraphs: [{ name: 'a', url: 'file:///a' }] }, 'subgraphs.0.url'],
    ['an unknown key', { subgraphs: [{ name: 'a', url: 'http://a/graphql', sdl: 'x' }] }, 'subgraphs.0'],
    [
      'duplicate names',
      {
        subgraphs: [
          { name: 'a', url: 'http://a/graphql' },
          { name: 'a', url: 'http://b/graphql' },
        ],
      },
      'unique',
    ],
  ])('rejects %s', (_what, config, mention) => {
    expect(() => parseSupergraphConfig(config)).toThrow(SupergraphConfigError);
    expect(() => parseSupergraphConfig(config)).toThrow(mention);
  });
});

describe('composeSupergraph', () => {
  it('reports conflicting subgraphs as errors naming the field', async () => {
    const ours = await readFile(join(root, 'schema.graphql'), 'utf8');
    const conflicting = TRADING_SDL.replace('watchlist: [String!]!', 'name: Int');
    const result = composeSupergraph([
      { name: 'accounts', url: 'http://127.0.0.1:4000/graphql', sdl: ours },
      { name: 'trading', url: 'http://127.0.0.1:4001/graphql', sdl: conflicting },
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join('\n')).toContain('User.name');
  });

  it('reports SDL that does not parse, by subgraph', () => {
    const result = composeSupergraph([{ name: 'broken', url: 'http://127.0.0.1:1/graphql', sdl: 'type {' }]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^\[broken\] Syntax Error/)] });
  });
});

describe('npm run compose', () => {
  let stack: Stack;
  let dir: string;

  beforeAll(async () => {
    stack = await startStack();
    dir = await mkdtemp(join(tmpdir(), 'compose-'));
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('fetches SDL from a running subgraph, reads SDL files, and writes the supergraph', async () => {
    await writeFile(join(dir, 'trading.graphql'), TRADING_SDL);
    const config = join(dir, 'supergraph.config.json');
    await writeFile(
      config,
      JSON.stringify({
        subgraphs: [
          { name: 'accounts', url: stack.server.url },
          { name: 'trading', sdlFile: 'trading.graphql', url: 'http://127.0.0.1:4001/graphql' },
        ],
      }),
    );
    const out = join(dir, 'supergraph.graphql');

    const result = await compose(['--config', config, '--out', out]);

    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`wrote ${out}`);
    const written = await readFile(out, 'utf8');
    expect(written).toContain(`ACCOUNTS @join__graph(name: "accounts", url: "${stack.server.url}")`);
    expect(written).toContain('TRADING @join__graph(name: "trading", url: "http://127.0.0.1:4001/graphql")');
    expect(written).toMatch(/watchlist: \[String!\]! @join__field\(graph: TRADING\)/);
  });

  it('exits 1 on composition errors, prints them and writes nothing', async () => {
    await writeFile(join(dir, 'bad.graphql'), TRADING_SDL.replace('watchlist: [String!]!', 'name: Int'));
    const config = join(dir, 'bad.config.json');
    await writeFile(
      config,
      JSON.stringify({
        subgraphs: [
          { name: 'accounts', sdlFile: join(root, 'schema.graphql'), url: 'http://127.0.0.1:4000/graphql' },
          { name: 'trading', sdlFile: 'bad.graphql', url: 'http://127.0.0.1:4001/graphql' },
        ],
      }),
    );
    const out = join(dir, 'never.graphql');

    const result = await compose(['--config', config, '--out', out]);

    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/composition failed with \d+ error\(s\):/);
    expect(result.stderr).toContain('User.name');
    expect(existsSync(out)).toBe(false);
  });

  it('fails with a clear message when a subgraph URL does not answer', async () => {
    const config = join(dir, 'down.config.json');
    // Port 9 (discard) on loopback: nothing listens there.
    await writeFile(
      config,
      JSON.stringify({ subgraphs: [{ name: 'down', url: 'http://127.0.0.1:9/graphql' }] }),
    );

    // In process: the script prints this error's message and exits 1, like the composition errors above.
    await expect(composeFromConfigFile(config)).rejects.toThrow(
      /^cannot reach http:\/\/127\.0\.0\.1:9\/graphql: .* \(is it running\?\)$/,
    );
  });
});
