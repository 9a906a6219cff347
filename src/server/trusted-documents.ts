/**
 * The trusted documents this server knows: the manifests named by GRAPHQL_TRUSTED_DOCUMENTS, read at
 * start (a missing or bad manifest stops the start) and read again, without a restart, when a file
 * changes or on SIGHUP (main.ts). A reload that fails keeps the documents already loaded and says
 * why at warn: a half-deployed manifest must not lock every client out.
 */
import { type Stats, unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '../config.js';
import {
  canonicalDocument,
  documentKey,
  ManifestError,
  parseManifest,
  type TrustedDocument,
} from './trusted-documents-manifest.js';

export interface TrustedDocuments {
  /** The document an id names (`sha256:<hex>`, bare hex, or a manifest's own id), if any. */
  find(id: string): TrustedDocument | undefined;
  /** Whether a document sent as text is one of the manifests', up to whitespace, commas and comments. */
  includes(text: string): boolean;
  /** Documents loaded now. */
  readonly size: number;
  /** Reads every manifest again; false (and the old documents kept) when one cannot be used. */
  reload(trigger: string): Promise<boolean>;
  /** Stops watching the files. */
  close(): void;
}

export interface TrustedDocumentsOptions {
  /** Manifest files, relative to the working directory or absolute. */
  paths: readonly string[];
  logger: Logger;
  /** Told of every reload after the first load. */
  onReload?: (outcome: 'ok' | 'failed') => void;
  /** How often the files are checked for changes (a stat each); 0 turns watching off. */
  watchIntervalMs?: number;
}

interface Index {
  byKey: Map<string, TrustedDocument>;
  bodies: Set<string>;
  canonical: Set<string>;
}

/** Loads the manifests; a ConfigError naming the file when one cannot be used. */
export async function loadTrustedDocuments(options: TrustedDocumentsOptions): Promise<TrustedDocuments> {
  const paths = options.paths.map((path) => resolve(path));
  const { logger } = options;
  let index: Index;
  try {
    index = await readIndex(paths);
  } catch (error) {
    throw new ConfigError(`GRAPHQL_TRUSTED_DOCUMENTS: ${describe(error)}`);
  }
  logger.info({ documents: index.byKey.size, manifests: paths }, 'trusted documents loaded');

  // One reload at a time: a file change and a SIGHUP together read the files twice, in order.
  let queue: Promise<boolean> = Promise.resolve(true);
  const reload = (trigger: string) => {
    queue = queue.then(async () => {
      try {
        index = await readIndex(paths);
      } catch (error) {
        logger.warn(
          { trigger, reason: describe(error) },
          'trusted documents not reloaded: keeping the ones loaded before',
        );
        options.onReload?.('failed');
        return false;
      }
      logger.info({ trigger, documents: index.byKey.size, manifests: paths }, 'trusted documents reloaded');
      options.onReload?.('ok');
      return true;
    });
    return queue;
  };

  const interval = options.watchIntervalMs ?? 1_000;
  const onChange = (current: Stats, previous: Stats) => {
    // Polling stats sees a replaced file, a rename into place and a swapped symlink (a Kubernetes
    // ConfigMap update) alike, where fs.watch on the file would lose track after the first.
    if (
      current.mtimeMs !== previous.mtimeMs ||
      current.ino !== previous.ino ||
      current.size !== previous.size
    )
      void reload('file change');
  };
  if (interval > 0) for (const path of paths) watchFile(path, { interval, persistent: false }, onChange);

  return {
    find: (id) => index.byKey.get(documentKey(id)),
    includes(text) {
      if (index.bodies.has(text)) return true;
      const canonical = canonicalDocument(text);
      return canonical !== undefined && index.canonical.has(canonical);
    },
    get size() {
      return index.byKey.size;
    },
    reload,
    close() {
      if (interval > 0) for (const path of paths) unwatchFile(path, onChange);
    },
  };
}

async function readIndex(paths: readonly string[]): Promise<Index> {
  const index: Index = { byKey: new Map(), bodies: new Set(), canonical: new Set() };
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new ManifestError(`${path}: cannot be read (${code})`);
    }
    let documents: TrustedDocument[];
    try {
      documents = parseManifest(text);
    } catch (error) {
      throw new ManifestError(`${path}: ${describe(error)}`);
    }
    for (const document of documents) {
      const key = documentKey(document.id);
      const known = index.byKey.get(key);
      if (known && known.body !== document.body)
        throw new ManifestError(
          `${path}: id ${JSON.stringify(document.id)} names another document elsewhere`,
        );
      index.byKey.set(key, document);
      index.bodies.add(document.body);
      index.canonical.add(document.canonical);
    }
  }
  return index;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
