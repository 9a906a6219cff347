import { describe, expect, it } from 'vitest';
import { type ChartScenario, escapeXml, niceMax, renderChart } from '../../bench/chart.js';

const scenario: ChartScenario = {
  id: 1,
  title: 'one user <with> trading accounts',
  groups: [
    {
      label: '0 ms, 10 conns',
      bars: [
        { target: 'GraphQL user(id)', kind: 'graphql', opsPerSec: 4000, p99Ms: 8 },
        { target: 'REST GET detail', kind: 'rest', opsPerSec: 9000, p99Ms: 3 },
        { target: 'GraphQL Mesh', kind: 'mesh', opsPerSec: Number.NaN, p99Ms: Number.NaN },
      ],
    },
  ],
  notes: ['GraphQL Mesh: not expressible & why'],
};

describe('benchmark chart', () => {
  it('rounds scales up to 1, 2 or 5 times a power of ten', () => {
    expect([niceMax(0), niceMax(7), niceMax(1200), niceMax(2000), niceMax(30_001)]).toEqual([
      1, 10, 2000, 2000, 50_000,
    ]);
  });

  it('draws a bar per system and panel, with legend and notes, as well-formed SVG text', () => {
    const svg = renderChart([scenario], 'caption & machine');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // Two panels x three bars, plus three legend swatches and the background.
    expect(svg.match(/<rect /g)).toHaveLength(2 * 3 + 3 + 1);
    expect(svg).toContain(escapeXml('one user <with> trading accounts'));
    expect(svg).toContain('not expressible &amp; why');
    expect(svg).not.toMatch(/NaN|undefined/);
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });
});
