/**
 * Supergraph composition: reads a config listing subgraphs (each a running server to ask for its SDL,
 * or an SDL file plus the URL the router should route to), and composes them with @apollo/composition.
 * Used by `npm run compose` and by the tests, so both compose exactly the same way.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, Source } from 'graphql';
import { z } from 'zod';

const SubgraphEntry = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a name of letters, digits, _ and -'),
    /** The routing URL; also where the SDL is fetched from when there is no sdlFile. */
    url: z.url({ protocol: /^https?$/ }),
    /** Relative to the config file. */
    sdlFile: z.string().min(1).optional(),
  })
  .strict();

const SupergraphConfigSchema = z
  .object({ subgraphs: z.array(SubgraphEntry).min(1) })
  .strict()
  .refine((c) => new Set(c.subgraphs.map((s) => s.name)).size === c.subgraphs.length, {
    message: 'subgraph names must be unique',
  });

export type SupergraphConfig = z.infer<typeof SupergraphConfigSchema>;
export type SubgraphEntry = z.infer<typeof SubgraphEntry>;

export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export type Composition =
  | { ok: true; supergraphSdl: string; hints: string[] }
  | { ok: false; errors: string[] };

export class SupergraphConfigError extends Error {
  override name = 'SupergraphConfigError';
}

export function parseSupergraphConfig(json: unknown): SupergraphConfig {
  const result = SupergraphConfigSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new SupergraphConfigError(`invalid supergraph config:\n  ${problems.join('\n  ')}`);
}

export async function readSupergraphConfig(path: string): Promise<SupergraphConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SupergraphConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseSupergraphConfig(json);
}

/** Asks a running subgraph for its SDL with the federation `_service` query. */
export async function fetchSubgraphSdl(url: string, timeoutMs = 10_000): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new SupergraphConfigError(`cannot reach ${url}: ${(error as Error).message} (is it running?)`);
  }
  const body = (await res.json().catch(() => null)) as {
    data?: { _service?: { sdl?: unknown } };
    errors?: Array<{ message: string }>;
  } | null;
  const sdl = body?.data?._service?.sdl;
  if (typeof sdl !== 'string') {
    const why = body?.errors?.map((e) => e.message).join('; ') ?? `HTTP ${res.status}`;
    throw new SupergraphConfigError(`${url} did not answer { _service { sdl } }: ${why}`);
  }
  return sdl;
}

/** The SDL of every subgraph in the config, in config order. */
export async function loadSubgraphs(config: SupergraphConfig, configDir: string): Promise<SubgraphSdl[]> {
  return Promise.all(
    config.subgraphs.map(async ({ name, url, sdlFile }) => {
      if (!sdlFile) return { name, url, sdl: await fetchSubgraphSdl(url) };
      const path = resolve(configDir, sdlFile);
      try {
        return { name, url, sdl: await readFile(path, 'utf8') };
      } catch (error) {
        throw new SupergraphConfigError(`subgraph ${name}: cannot read ${path}: ${(error as Error).message}`);
      }
    }),
  );
}

export function composeSupergraph(subgraphs: SubgraphSdl[]): Composition {
  const services = [];
  const errors: string[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      // Named sources, so error locations read `accounts:459:3` rather than `GraphQL request:459:3`.
      services.push({ name, url, typeDefs: parse(new Source(sdl, name)) });
    } catch (error) {
      errors.push(`[${name}] ${(error as Error).message}`);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.toString()) };
  // A final newline, so the committed file and a fresh composition compare byte for byte.
  return {
    ok: true,
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    hints: result.hints.map((h) => h.toString()),
  };
}

/** Reads the config file, gathers the SDLs and composes them. */
export async function composeFromConfigFile(configPath: string): Promise<Composition> {
  const config = await readSupergraphConfig(configPath);
  return composeSupergraph(await loadSubgraphs(config, dirname(configPath)));
}
