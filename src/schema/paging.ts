/**
 * Relay cursors over the upstream's page/size search (2.7). A cursor is an opaque offset; any
 * first/after slice is served from the fewest upstream pages: one page whose size covers the whole
 * slice when such a size exists within the upstream's limit, otherwise consecutive full pages.
 */
import { SEARCH_PAGE_SIZE_MAX } from '../contract/wire.js';

const PREFIX = 'offset:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`).toString('base64url');
}

/** The offset in a cursor, or null when the cursor is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return null;
  const digits = text.slice(PREFIX.length);
  if (!/^(0|[1-9][0-9]{0,8})$/.test(digits)) return null;
  return Number(digits);
}

export interface PagePlan {
  size: number;
  /** 1-based upstream pages to fetch, in order. */
  pages: number[];
}

/** Upstream pages covering items [start, start + count); at least one page, for the total. */
export function planPages(start: number, count: number, maxSize = SEARCH_PAGE_SIZE_MAX): PagePlan {
  // An empty slice still needs the total: the smallest page at the start.
  if (count <= 0) return { size: 1, pages: [start + 1] };
  const end = start + count - 1;
  for (let size = Math.min(count, maxSize); size <= maxSize; size++) {
    if (Math.floor(start / size) === Math.floor(end / size)) {
      return { size, pages: [Math.floor(start / size) + 1] };
    }
  }
  const first = Math.floor(start / maxSize);
  const last = Math.floor(end / maxSize);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) pages.push(p + 1);
  return { size: maxSize, pages };
}
