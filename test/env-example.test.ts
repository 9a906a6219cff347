import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const declared = (source: string) =>
  new Set([...source.matchAll(/^\s+([A-Z][A-Z0-9_]{2,}): /gm)].map((m) => m[1]));

describe('documented environment', () => {
  const variables = new Set([
    ...declared(read('src/config.ts')),
    ...declared(read('src/account-service/config.ts')),
  ]);

  it('finds the variables the code reads', () => {
    expect(variables.has('LWORK_API_URL')).toBe(true);
    expect(variables.has('ACCOUNT_SERVICE_DB')).toBe(true);
  });

  it('lists every variable in .env.example and in README', () => {
    const example = read('.env.example');
    const readme = read('README.md');
    for (const name of variables) {
      expect(example, `.env.example lacks ${name}`).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      expect(readme, `README lacks ${name}`).toContain(`\`${name}\``);
    }
  });
});
