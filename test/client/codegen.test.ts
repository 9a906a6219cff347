/**
 * The committed client artifacts stay in step: client/generated matches a fresh codegen run, and
 * the operation documents reach every root field of schema.graphql.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import {
  buildASTSchema,
  type DocumentNode,
  type GraphQLObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const operationsDir = `${root}client/operations/`;
const generatedDir = `${root}client/generated/`;

const schema = buildASTSchema(parse(readFileSync(`${root}schema.graphql`, 'utf8')), {
  // The federation directives (@link, @key) are declared by the router, not in the subgraph SDL.
  assumeValidSDL: true,
});

const documents: DocumentNode[] = readdirSync(operationsDir)
  .filter((name) => name.endsWith('.graphql'))
  .map((name) => parse(readFileSync(operationsDir + name, 'utf8')));

/** `Type.field` for every field any operation or fragment selects. */
function selectedFields(): Set<string> {
  const used = new Set<string>();
  for (const document of documents) {
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (parent) used.add(`${parent.name}.${node.name.value}`);
        },
      }),
    );
  }
  return used;
}

const rootFields = (type: GraphQLObjectType | null | undefined) =>
  Object.keys(type?.getFields() ?? {}).map((field) => `${type?.name}.${field}`);

describe('client/operations', () => {
  it('uses every query and mutation field of schema.graphql', () => {
    const wanted = [...rootFields(schema.getQueryType()), ...rootFields(schema.getMutationType())];
    expect(wanted.length).toBeGreaterThan(10);
    const used = selectedFields();
    expect(wanted.filter((field) => !used.has(field))).toEqual([]);
  });

  it('reads task state through User.task and selects every field of the types a frontend shows', () => {
    const used = selectedFields();
    for (const typeName of ['User', 'TradingAccount', 'AccountProfile', 'Task', 'Session', 'PageInfo']) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const missing = Object.keys(type.getFields()).filter((field) => !used.has(`${typeName}.${field}`));
      expect({ typeName, missing }).toEqual({ typeName, missing: [] });
    }
  });

  it('names every operation, uniquely', () => {
    const names = documents.flatMap((d) =>
      d.definitions.flatMap((def) => (def.kind === Kind.OPERATION_DEFINITION ? [def.name?.value] : [])),
    );
    expect(names).not.toContain(undefined);
    expect(new Set(names).size).toBe(names.length);
  });

  it('are valid against schema.graphql', () => {
    const all: DocumentNode = { kind: Kind.DOCUMENT, definitions: documents.flatMap((d) => d.definitions) };
    expect(validate(schema, all).map((e) => e.message)).toEqual([]);
  });
});

describe('client/generated', () => {
  it('matches a fresh `npm run codegen` (run it after changing schema.graphql or client/operations)', async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...config, cwd: root, silent: true },
      false,
    );
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(`${root}${output.filename}`, 'utf8');
      expect(committed, `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
    const produced = outputs.map((o) => o.filename.replace('client/generated/', '')).sort();
    expect(readdirSync(generatedDir).sort()).toEqual(produced);
  }, 60_000);
});
