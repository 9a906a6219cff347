/**
 * The benchmark's results as an SVG chart (bench/results.svg): one row per scenario, throughput on the
 * left and p99 latency on the right, a group of bars per setting (upstream delay, connections) and a
 * bar per system. Hand-written SVG: no chart library for a dozen rectangles. Each panel has its own
 * scale, because a login and a cached read differ by orders of magnitude.
 */

/** graphql: this layer; baseline: the same layer at another commit (--baseline); bff: the hand-written Apollo BFF. */
export type SystemKind = 'graphql' | 'baseline' | 'rest' | 'floor' | 'mesh' | 'bff';

export interface ChartBar {
  target: string;
  kind: SystemKind;
  opsPerSec: number;
  p99Ms: number;
}

export interface ChartGroup {
  /** e.g. "0 ms, 10 conns". */
  label: string;
  bars: ChartBar[];
}

export interface ChartScenario {
  id: number | string;
  title: string;
  groups: ChartGroup[];
  /** Lines under the row, e.g. what a system cannot express. */
  notes: string[];
}

const WIDTH = 1200;
const MARGIN = 20;
const PANEL_GAP = 40;
const PANEL_WIDTH = (WIDTH - 2 * MARGIN - PANEL_GAP) / 2;
const PLOT_HEIGHT = 170;
const AXIS_WIDTH = 48;
const HEADER = 56;
const LEGEND_LINE = 16;
const NOTE_LINE = 14;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

/** A palette per system: the n-th target of a kind in a scenario gets the n-th shade. */
const COLORS: Record<SystemKind, readonly string[]> = {
  graphql: ['#2563eb', '#60a5fa', '#1e3a8a'],
  baseline: ['#7c3aed', '#a78bfa', '#4c1d95'],
  rest: ['#6b7280', '#9ca3af', '#cbd5e1'],
  floor: ['#16a34a'],
  mesh: ['#ea580c'],
  bff: ['#db2777', '#f9a8d4', '#831843'],
};

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** The smallest 1, 2 or 5 times a power of ten at or above `value` (at least 1). */
export function niceMax(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const compact = (n: number): string => {
  if (!Number.isFinite(n)) return '-';
  if (n === 0) return '0';
  if (n >= 10_000) return `${(n / 1000).toFixed(0)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  if (n >= 100) return n.toFixed(0);
  return n.toFixed(1);
};

/** Colors by target name within a scenario: the n-th REST variant gets the n-th grey. */
function colorsFor(scenario: ChartScenario): Map<string, string> {
  const colors = new Map<string, string>();
  const used: Record<SystemKind, number> = { graphql: 0, baseline: 0, rest: 0, floor: 0, mesh: 0, bff: 0 };
  for (const group of scenario.groups) {
    for (const bar of group.bars) {
      if (colors.has(bar.target)) continue;
      const palette = COLORS[bar.kind];
      colors.set(bar.target, palette[Math.min(used[bar.kind]++, palette.length - 1)] ?? '#000');
    }
  }
  return colors;
}

function panel(
  scenario: ChartScenario,
  colors: Map<string, string>,
  x0: number,
  y0: number,
  title: string,
  value: (bar: ChartBar) => number,
): string[] {
  const out: string[] = [];
  const all = scenario.groups.flatMap((g) => g.bars.map(value)).filter(Number.isFinite);
  // Headroom, so the tallest bar's label stays inside the panel.
  const max = niceMax(Math.max(0, ...all) * 1.08);
  const plotX = x0 + AXIS_WIDTH;
  const plotWidth = PANEL_WIDTH - AXIS_WIDTH;
  const baseY = y0 + PLOT_HEIGHT;
  out.push(`<text x="${x0}" y="${y0 - 8}" font-size="12" fill="#111827">${escapeXml(title)}</text>`);
  for (const fraction of [0, 0.5, 1]) {
    const y = baseY - fraction * PLOT_HEIGHT;
    out.push(
      `<line x1="${plotX}" y1="${y}" x2="${plotX + plotWidth}" y2="${y}" stroke="#e5e7eb"/>`,
      `<text x="${plotX - 6}" y="${y + 4}" font-size="10" text-anchor="end" fill="#6b7280">${compact(max * fraction)}</text>`,
    );
  }
  const groupWidth = plotWidth / Math.max(1, scenario.groups.length);
  scenario.groups.forEach((group, gi) => {
    const gx = plotX + gi * groupWidth;
    const barWidth = Math.min(30, (groupWidth - 16) / Math.max(1, group.bars.length));
    const start = gx + (groupWidth - barWidth * group.bars.length) / 2;
    group.bars.forEach((bar, bi) => {
      const v = value(bar);
      const h = Number.isFinite(v) ? (Math.max(0, v) / max) * PLOT_HEIGHT : 0;
      const bx = start + bi * barWidth;
      const label = `${bar.target}: ${compact(v)}`;
      out.push(
        `<rect x="${bx.toFixed(1)}" y="${(baseY - h).toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${colors.get(bar.target) ?? '#000'}"><title>${escapeXml(label)}</title></rect>`,
        `<text x="${(bx + barWidth / 2 - 1).toFixed(1)}" y="${(baseY - h - 3).toFixed(1)}" font-size="8" text-anchor="middle" fill="#374151">${compact(v)}</text>`,
      );
    });
    out.push(
      `<text x="${(gx + groupWidth / 2).toFixed(1)}" y="${baseY + 14}" font-size="10" text-anchor="middle" fill="#374151">${escapeXml(group.label)}</text>`,
    );
  });
  return out;
}

/** The whole chart; `caption` goes at the top (date, machine). */
export function renderChart(scenarios: ChartScenario[], caption: string): string {
  const out: string[] = [];
  let y = MARGIN + 28;
  out.push(
    `<text x="${MARGIN}" y="${MARGIN + 6}" font-size="16" font-weight="600" fill="#111827">Throughput and p99 latency per scenario and system</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 22}" font-size="11" fill="#6b7280">${escapeXml(caption)}</text>`,
  );
  for (const scenario of scenarios) {
    const colors = colorsFor(scenario);
    y += HEADER;
    out.push(
      `<text x="${MARGIN}" y="${y - 30}" font-size="14" font-weight="600" fill="#111827">${escapeXml(`${scenario.id}. ${scenario.title}`)}</text>`,
    );
    out.push(
      ...panel(
        scenario,
        colors,
        MARGIN,
        y,
        'requests (operations) per second, higher is better',
        (b) => b.opsPerSec,
      ),
    );
    out.push(
      ...panel(
        scenario,
        colors,
        MARGIN + PANEL_WIDTH + PANEL_GAP,
        y,
        'p99 latency in ms, lower is better',
        (b) => b.p99Ms,
      ),
    );
    y += PLOT_HEIGHT + 32;
    let lx = MARGIN + AXIS_WIDTH;
    for (const [target, color] of colors) {
      const width = 14 + target.length * 6.5 + 18;
      // A legend wider than the chart wraps.
      if (lx > MARGIN + AXIS_WIDTH && lx + width > WIDTH - MARGIN) {
        lx = MARGIN + AXIS_WIDTH;
        y += LEGEND_LINE;
      }
      out.push(
        `<rect x="${lx}" y="${y - 9}" width="10" height="10" fill="${color}"/>`,
        `<text x="${lx + 14}" y="${y}" font-size="11" fill="#374151">${escapeXml(target)}</text>`,
      );
      lx += width;
    }
    y += LEGEND_LINE;
    for (const note of scenario.notes) {
      out.push(
        `<text x="${MARGIN + AXIS_WIDTH}" y="${y}" font-size="11" fill="#b45309">${escapeXml(note)}</text>`,
      );
      y += NOTE_LINE;
    }
  }
  const height = y + MARGIN;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`,
    `<title>Throughput and p99 latency per scenario and system</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
