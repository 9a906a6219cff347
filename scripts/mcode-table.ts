/**
 * Prints the mcode catalogue (src/contract/mcodes.ts) as the markdown table README shows.
 * `npx tsx scripts/mcode-table.ts`; a test fails when README's copy differs.
 */
import { pathToFileURL } from 'node:url';
import { MCODES, type McodeName } from '../src/contract/mcodes.js';

export function mcodeTable(): string {
  const rows = (Object.keys(MCODES) as McodeName[]).map((name) => {
    const { code, status, meaning } = MCODES[name];
    return `| \`${code}\` | ${name} | ${status} | ${meaning.replaceAll('|', '\\|')} |`;
  });
  return ['| mcode | Name | HTTP | Meaning |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(mcodeTable());
}
