import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, planPages } from '../../src/schema/paging.js';

describe('planPages', () => {
  it('covers any slice with pages whose items include exactly the slice', () => {
    for (let start = 0; start < 230; start += 7) {
      for (const count of [1, 2, 5, 10, 20, 33, 50, 99, 100]) {
        const { size, pages } = planPages(start, count);
        expect(size).toBeGreaterThanOrEqual(1);
        expect(size).toBeLessThanOrEqual(100);
        const first = ((pages[0] ?? 1) - 1) * size;
        const last = (pages.at(-1) ?? 1) * size - 1;
        expect(first).toBeLessThanOrEqual(start);
        expect(last).toBeGreaterThanOrEqual(start + count - 1);
        // Consecutive pages, and never more than two for a slice of at most one full page.
        for (let i = 1; i < pages.length; i++) expect(pages[i]).toBe((pages[i - 1] ?? 0) + 1);
        expect(pages.length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('uses one page whenever a page size can cover the slice', () => {
    expect(planPages(0, 20)).toEqual({ size: 20, pages: [1] });
    expect(planPages(20, 20)).toEqual({ size: 20, pages: [2] });
    expect(planPages(5, 10)).toEqual({ size: 15, pages: [1] });
  });

  it('still asks for one page when the slice is empty, for the total', () => {
    expect(planPages(7, 0)).toEqual({ size: 1, pages: [8] });
  });
});

describe('cursors', () => {
  it('round-trip offsets and reject anything else', () => {
    expect(decodeCursor(encodeCursor(0))).toBe(0);
    expect(decodeCursor(encodeCursor(12345))).toBe(12345);
    for (const bad of [
      '',
      'abc',
      Buffer.from('offset:-1').toString('base64url'),
      Buffer.from('offset:01').toString('base64url'),
    ]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
