/** README's mcode table is generated from the catalogue; this fails when they drift apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mcodeTable } from '../../scripts/mcode-table.js';
import { MCODES } from '../../src/contract/mcodes.js';

describe('README mcode table', () => {
  it('equals the output of scripts/mcode-table.ts', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const match = /<!-- mcode-table:start -->\n([\s\S]*?)\n<!-- mcode-table:end -->/.exec(readme);
    expect(match, 'README.md lacks the mcode-table markers').not.toBeNull();
    expect(match?.[1]).toBe(mcodeTable());
  });

  it('lists every catalogue entry', () => {
    const table = mcodeTable();
    for (const { code } of Object.values(MCODES)) expect(table).toContain(`\`${code}\``);
  });
});
