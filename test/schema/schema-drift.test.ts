import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSchemaSDL } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('matches the schema printed from the code (run `npm run schema` after changing the schema)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printSchemaSDL());
  });

  it('is a Federation 2 subgraph with User and TradingAccount entities', () => {
    const sdl = printSchemaSDL();
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type TradingAccount\s+@key\(fields: "id"\)/);
  });
});
