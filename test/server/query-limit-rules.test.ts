/** The query limit rules on their own: graphql's validate with the real schema, no server. */
import { getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { getSchema } from '../../src/schema/index.js';
import { knownOperationTypes } from '../../src/server/known-operation-types.js';
import { type LimitName, QueryLimitError, queryLimitRules } from '../../src/server/query-limits.js';

const LIMITS = { maxDepth: 5, maxAliases: 2, maxDirectives: 1, maxCost: 50, maxTokens: 1_000 };
const rules = [...specifiedRules, knownOperationTypes, ...queryLimitRules(LIMITS)];

function refusals(query: string): LimitName[] {
  return validate(getSchema(), parse(query), rules)
    .map((error) => (error instanceof QueryLimitError ? error.limit : undefined))
    .filter((limit): limit is LimitName => limit !== undefined);
}

describe('query limit rules', () => {
  it('measure depth through inline and named fragments and introspection fields', () => {
    expect(refusals('{ me { profile { base { homePlace { city } } } } }')).toEqual([]);
    expect(refusals('{ me { ... on User { profile { base { homePlace { city __typename } } } } } }')).toEqual(
      [],
    );
    const deep = 'edges { node { profile { base { homePlace { city } } } } }';
    expect(refusals(`{ users(search: { field: NAME, value: "a" }, first: 1) { ${deep} } }`)).toEqual([
      'depth',
    ]);
    expect(
      refusals(
        `query { ...A } fragment A on Query { users(search: { field: NAME, value: "a" }, first: 1) { ...B } } fragment B on UserConnection { ... on UserConnection { ${deep} } }`,
      ),
    ).toEqual(['depth']);
    expect(refusals('{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual(['depth']);
    expect(
      refusals('{ a: __typename ... on Query { b: __typename } ...F } fragment F on Query { c: __typename }'),
    ).toEqual(['aliases']);
  });

  it('weigh fields by the page they sit in, a variable page as the largest', () => {
    expect(refusals('{ users(search: { field: NAME, value: "a" }, first: 10) { nodes { id } } }')).toEqual(
      [],
    );
    expect(
      refusals('{ users(search: { field: NAME, value: "a" }, first: 30) { nodes { id name } } }'),
    ).toEqual(['cost']);
    expect(
      refusals('query($n: Int) { users(search: { field: NAME, value: "a" }, first: $n) { nodes { id } } }'),
    ).toEqual(['cost']);
  });

  it('count directives anywhere in the document', () => {
    expect(refusals('{ me { id @include(if: true) } }')).toEqual([]);
    expect(
      refusals('query { ...F } fragment F on Query { me { id @include(if: true) name @skip(if: false) } }'),
    ).toEqual(['directives']);
  });

  it('pass the standard introspection query at the default depth, and refuse operations the schema has no root for', () => {
    const defaults = [
      ...specifiedRules,
      ...queryLimitRules({ ...LIMITS, maxDepth: 15, maxCost: 5_000, maxAliases: 30, maxDirectives: 20 }),
    ];
    expect(validate(getSchema(), parse(getIntrospectionQuery()), defaults)).toEqual([]);
    const subscription = validate(getSchema(), parse('subscription { me { id } }'), [knownOperationTypes]);
    expect(subscription.map((e) => e.message)).toEqual(['This API has no subscription operations']);
  });
});
