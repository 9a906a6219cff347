/**
 * Imports point down the layers (README, Architecture): a module may import its own folder and the
 * layers below it, never one above; only main.ts imports the embedded account service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Higher imports lower. Folders of src/ and its top-level modules (by name without .ts). */
const RANK: Record<string, number> = {
  main: 7,
  server: 6,
  schema: 5,
  upstream: 4,
  auth: 4,
  limits: 4,
  'account-service': 4,
  redis: 3,
  observability: 2,
  contract: 1,
  config: 1,
  logger: 1,
  'env-file': 1,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer of a file under src/: its top folder, or its own name for a top-level module. */
function layerOf(path: string): string {
  const [first = '', ...rest] = relative(SRC, path).split('/');
  return rest.length > 0 ? first : first.replace(/\.(ts|js)$/, '');
}

/** Relative imports of a module: static, type-only, re-exports and dynamic import(). */
function localImports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((specifier) => resolve(dirname(path), specifier));
}

const edges = sourceFiles(SRC).flatMap((file) =>
  localImports(file).map((target) => ({
    file: relative(SRC, file),
    from: layerOf(file),
    to: layerOf(target),
  })),
);

describe('layers', () => {
  it('finds the imports it checks', () => {
    expect(edges.some((edge) => edge.from === 'server' && edge.to === 'schema')).toBe(true);
    expect(edges.some((edge) => edge.from === 'main' && edge.to === 'account-service')).toBe(true);
  });

  it('knows every layer of src/', () => {
    const unknown = [...new Set(edges.flatMap((edge) => [edge.from, edge.to]))].filter(
      (layer) => !(layer in RANK),
    );
    expect(unknown).toEqual([]);
  });

  it('has no import that runs up or across to a layer of the same rank', () => {
    const upward = edges
      .filter((edge) => edge.from !== edge.to && (RANK[edge.from] ?? 0) <= (RANK[edge.to] ?? 0))
      .map((edge) => `${edge.file} -> ${edge.to}`);
    expect(upward).toEqual([]);
  });

  it('lets only main.ts import the embedded account service', () => {
    const importers = edges
      .filter((edge) => edge.to === 'account-service' && edge.from !== 'account-service')
      .map((edge) => edge.file);
    expect([...new Set(importers)]).toEqual(['main.ts']);
  });
});
