/**
 * The trusted documents this server knows: the manifests named by GRAPHQL_TRUSTED_DOCUMENTS, read at
 * start (a missing or bad manifest stops the start) and read again, without a restart, when a file
 * changes or on SIGHUP (main.ts). A reload that fails keeps the documents already loaded and says
 * why at warn: a half-deployed manifest must not lock every client out.
 *
 * Reloads run one at a time, so each must end: a manifest is opened without waiting (a FIFO would
 * block the open), refused unless it is a regular file of at most `maxBytes`, and read within
 * `readTimeoutMs` (a hung network mount fails the reload instead of holding every later one; the read
 * still holds a libuv thread until the mount answers). A file whose bytes have not changed is not
 * parsed again. Hashing, decoding and JSON.parse of a file are one step that requests wait for;
 * checking its documents yields to them between slices.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats, unwatchFile, watchFile } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import { ConfigError } from '../config.js';
import {
  canonicalDocument,
  checkedDocument,
  documentKey,
  ManifestError,
  manifestEntries,
  type TrustedDocument,
} from './trusted-documents-manifest.js';

export interface TrustedDocuments {
  /** The document an id names (`sha256:<hex>`, bare hex, or a manifest's own id), if any. */
  find(id: string): TrustedDocument | undefined;
  /** Whether a document sent as text is one of the manifests', up to whitespace, commas and comments. */
  includes(text: string): boolean;
  /** Whether a manifest document defines an operation of this name. */
  hasOperation(name: string): boolean;
  /** Documents loaded now. */
  readonly size: number;
  /** Reads every manifest again; false (and the old documents kept) when one cannot be used. */
  reload(trigger: string): Promise<boolean>;
  /** Stops watching the files. */
  close(): void;
}

/** `unchanged`: every manifest holds the bytes already loaded, so nothing was parsed. */
export type ReloadOutcome = 'ok' | 'unchanged' | 'failed';

export interface TrustedDocumentsOptions {
  /** Manifest files, relative to the working directory or absolute. */
  paths: readonly string[];
  logger: Logger;
  /** Told of every reload after the first load. */
  onReload?: (outcome: ReloadOutcome) => void;
  /** How often the files are checked for changes (a stat each); 0 turns watching off. */
  watchIntervalMs?: number;
  /** The largest manifest file read. */
  maxBytes?: number;
  /** The longest one manifest file may take to read. */
  readTimeoutMs?: number;
}

/**
 * 4 MiB: about 7,000 generated documents, far beyond any one app's. The cap bounds what a reload
 * costs a server with a 160 MB heap: a 16 MiB manifest held about 57 MB of heap once loaded, a reload
 * peaked near 120 MB, and its JSON.parse alone stalled the event loop 125-170 ms.
 */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const READ_TIMEOUT_MS = 5_000;
/** Checking documents runs in slices of about this long, so requests are served between them. */
const SLICE_MS = 10;
/**
 * The read after the first, for a file that grew while it was read. The timeout counts the event
 * loop's turns between pieces too, so a busy server must not need many: small pieces (64 KiB made a
 * 16 MiB manifest 256 turns) failed local reads as hung ones.
 */
const READ_CHUNK = 1024 * 1024;

interface Index {
  byKey: Map<string, TrustedDocument>;
  bodies: Set<string>;
  canonical: Set<string>;
  operations: Set<string>;
  /** The most tokens of any document: a text with more is none of them. */
  maxTokens: number;
}

/** What a file was when it was opened: a later stat that differs means it changed since. */
interface FileState {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** One manifest as last parsed: its bytes' digest and its documents. */
interface Parsed {
  digest: string;
  documents: TrustedDocument[];
}

/** Loads the manifests; a ConfigError naming the file when one cannot be used. */
export async function loadTrustedDocuments(options: TrustedDocumentsOptions): Promise<TrustedDocuments> {
  const paths = options.paths.map((path) => resolve(path));
  const { logger } = options;
  const limits = {
    maxBytes: options.maxBytes ?? MAX_MANIFEST_BYTES,
    timeoutMs: options.readTimeoutMs ?? READ_TIMEOUT_MS,
  };
  const reader = createReader(limits);
  // Each path's documents as last parsed, by the digest of its bytes (only current paths are keys),
  // and the digests the index in use was built from.
  const parsed = new Map<string, Parsed>();
  let index: Index = emptyIndex();
  let indexDigests: string[] = [];

  /**
   * The index the files hold now; `unchanged` when their bytes are the ones the index in use came
   * from; `files`: each file as it was when opened.
   */
  const read = async (): Promise<{
    index: Index;
    digests: string[];
    unchanged: boolean;
    files: FileState[];
  }> => {
    const manifests: TrustedDocument[][] = [];
    const digests: string[] = [];
    const files: FileState[] = [];
    for (const path of paths) {
      const { bytes, file } = await reader.read(path);
      files.push(file);
      const digest = createHash('sha256').update(bytes).digest('hex');
      digests.push(digest);
      let known = parsed.get(path);
      if (known?.digest !== digest) {
        try {
          known = { digest, documents: await parseSliced(bytes.toString('utf8')) };
        } catch (error) {
          throw new ManifestError(`${path}: ${describe(error)}`);
        }
        parsed.set(path, known);
      }
      manifests.push(known.documents);
    }
    const unchanged =
      digests.length === indexDigests.length && digests.every((d, i) => d === indexDigests[i]);
    return { index: unchanged ? index : await buildIndex(paths, manifests), digests, unchanged, files };
  };

  // One reload at a time: a file change and a SIGHUP together read the files twice, in order. Every
  // step of a reload ends (the read has its timeout), so the queue always moves on.
  let queue: Promise<boolean> = Promise.resolve(true);
  const reload = (trigger: string) => {
    queue = queue.then(async () => {
      let unchanged: boolean;
      try {
        ({ index, digests: indexDigests, unchanged } = await read());
      } catch (error) {
        logger.warn(
          { trigger, reason: describe(error) },
          'trusted documents not reloaded: keeping the ones loaded before',
        );
        options.onReload?.('failed');
        return false;
      }
      logger.info(
        { trigger, documents: index.byKey.size, manifests: paths },
        unchanged ? 'trusted documents unchanged' : 'trusted documents reloaded',
      );
      options.onReload?.(unchanged ? 'unchanged' : 'ok');
      return true;
    });
    return queue;
  };

  // The files are watched before the first read: watchFile compares each poll with its own first
  // stat, so a file replaced between the read and a watch started after it (a deploy, a ConfigMap
  // update while the pod starts) would look unchanged forever. A change seen while loading waits for
  // the load to end, then queues a reload.
  const interval = options.watchIntervalMs ?? 1_000;
  let loading = true;
  let changedWhileLoading = false;
  const onChange = (current: Stats, previous: Stats) => {
    // Polling stats sees a replaced file, a rename into place and a swapped symlink (a Kubernetes
    // ConfigMap update) alike, where fs.watch on the file would lose track after the first.
    if (!sameFile(current, previous)) {
      if (loading) changedWhileLoading = true;
      else void reload('file change');
    }
  };
  let closed = false;
  const unwatch = () => {
    if (interval > 0) for (const path of paths) unwatchFile(path, onChange);
  };
  if (interval > 0) for (const path of paths) watchFile(path, { interval, persistent: false }, onChange);

  let files: FileState[];
  try {
    ({ index, digests: indexDigests, files } = await read());
  } catch (error) {
    unwatch();
    throw new ConfigError(`GRAPHQL_TRUSTED_DOCUMENTS: ${describe(error)}`);
  }
  loading = false;
  logger.info({ documents: index.byKey.size, manifests: paths }, 'trusted documents loaded');

  if (interval > 0) {
    // The watch's first stat and the first open run on libuv's threads in no set order: a file
    // replaced between the open and that stat was read old and is watched new. A stat of each file
    // now, against the file that was opened, closes that gap.
    const changed = changedWhileLoading
      ? Promise.resolve(true)
      : Promise.all(paths.map((path, i) => changedSince(path, files[i]))).then((c) => c.includes(true));
    // Not after close(): a server shutting down has no use for it.
    void changed.then((yes) => yes && !closed && reload('file change while loading'));
  }

  return {
    find: (id) => index.byKey.get(documentKey(id)),
    includes(text) {
      if (index.bodies.has(text)) return true;
      // A text longer than every document is none of them: stop lexing there.
      const canonical = canonicalDocument(text, index.maxTokens);
      return canonical !== undefined && index.canonical.has(canonical);
    },
    hasOperation: (name) => index.operations.has(name),
    get size() {
      return index.byKey.size;
    },
    reload,
    close() {
      closed = true;
      unwatch();
    },
  };
}

/** What watchFile's polls compare to tell a change: a rewrite, a rename into place, a swapped symlink. */
function sameFile(a: FileState, b: FileState): boolean {
  return a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev && a.size === b.size;
}

/** Whether the file at `path` is no longer the one that was read (gone counts: the reload says why). */
async function changedSince(path: string, read: FileState | undefined): Promise<boolean> {
  if (!read) return true;
  try {
    return !sameFile(await stat(path), read);
  } catch {
    return true;
  }
}

function emptyIndex(): Index {
  return { byKey: new Map(), bodies: new Set(), canonical: new Set(), operations: new Set(), maxTokens: 0 };
}

/** Merges the manifests' documents, in order, a slice at a time; one id for two documents is a conflict. */
async function buildIndex(paths: readonly string[], manifests: readonly TrustedDocument[][]): Promise<Index> {
  const index = emptyIndex();
  const slices = slicer();
  for (const [i, documents] of manifests.entries()) {
    for (const document of documents) {
      const known = index.byKey.get(document.key);
      if (known && known.body !== document.body)
        throw new ManifestError(
          `${paths[i]}: id ${JSON.stringify(document.id)} names another document elsewhere`,
        );
      index.byKey.set(document.key, document);
      index.bodies.add(document.body);
      index.canonical.add(document.canonical);
      for (const name of document.operations) index.operations.add(name);
      index.maxTokens = Math.max(index.maxTokens, document.tokens);
      await slices.check();
    }
  }
  return index;
}

/** Checks a manifest's documents (each parsed, hashed and lexed) a slice at a time. */
async function parseSliced(text: string): Promise<TrustedDocument[]> {
  const documents: TrustedDocument[] = [];
  const slices = slicer();
  for (const [id, body] of manifestEntries(text)) {
    documents.push(checkedDocument(id, body));
    await slices.check();
  }
  return documents;
}

/** Lets requests in once the current slice of work has run SLICE_MS. */
function slicer() {
  let start = performance.now();
  return {
    async check(): Promise<void> {
      if (performance.now() - start < SLICE_MS) return;
      await nextTurn();
      start = performance.now();
    },
  };
}

/**
 * Reads manifest files so that every read ends within the timeout. A read that timed out may still
 * hold one of libuv's few threads (a hung mount): the same file is not read again until it returns.
 */
function createReader(limits: { maxBytes: number; timeoutMs: number }) {
  const pending = new Set<string>();
  return {
    async read(path: string): Promise<{ bytes: Buffer; file: FileState }> {
      if (pending.has(path))
        throw new ManifestError(`${path}: an earlier read has not finished (a hung file system?)`);
      pending.add(path);
      const reading = readRegularFile(path, limits.maxBytes).finally(() => pending.delete(path));
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new ManifestError(`${path}: not read within ${limits.timeoutMs} ms`)),
          limits.timeoutMs,
        );
      });
      try {
        return await Promise.race([reading, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function readRegularFile(path: string, maxBytes: number): Promise<{ bytes: Buffer; file: FileState }> {
  const unreadable = (error: unknown) => {
    if (error instanceof ManifestError) return error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return new ManifestError(`${path}: cannot be read (${code})`);
  };
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer; regular files ignore it.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((error) => {
    throw unreadable(error);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new ManifestError(`${path}: not a regular file`);
    if (stats.size > maxBytes)
      throw new ManifestError(`${path}: ${stats.size} bytes, over the limit of ${maxBytes}`);
    // The whole file in one read, and one more to see its end: two turns of the event loop, whatever
    // its size. Then on up to the limit, whatever the size said: the file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    let piece = stats.size + 1;
    for (;;) {
      const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(piece), 0, piece, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new ManifestError(`${path}: over the limit of ${maxBytes} bytes`);
      chunks.push(buffer.subarray(0, bytesRead));
      piece = READ_CHUNK;
    }
    const { dev, ino, size, mtimeMs } = stats;
    const bytes = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, total);
    return { bytes, file: { dev, ino, size, mtimeMs } };
  } catch (error) {
    throw unreadable(error);
  } finally {
    await handle.close();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
