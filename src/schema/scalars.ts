/**
 * DateTime: ISO-8601 out, ISO-8601 in. The upstream sends millisecond timestamps (2.6, 2.7) and
 * zone-less local times such as `2017-04-19T18:07:43.218` (2.13), which are read as UTC.
 * JSONObject: the broker-configured profile fields the schema does not name.
 */
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

export function toDate(value: Date | string | number): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? null : date;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC, e.g. 2017-04-19T18:07:43.218Z.',
  serialize: (value) => {
    const date = toDate(value);
    if (!date) throw new GraphQLError('DateTime cannot represent an invalid date');
    return date.toISOString();
  },
  parseValue: (value) => {
    const date = typeof value === 'string' ? toDate(value) : null;
    if (!date) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
  parseLiteral: (ast) => {
    const date = ast.kind === Kind.STRING ? toDate(ast.value) : null;
    if (!date) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return date;
  },
});

builder.scalarType('JSONObject', {
  description: 'A JSON object, for broker-configured fields the schema does not name.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (!isPlainObject(value)) throw new GraphQLError('JSONObject must be an object');
    if (!withinDepth(value, JSON_MAX_DEPTH)) throw new GraphQLError(`JSONObject nests too deeply`);
    return value;
  },
  parseLiteral: (ast, variables) => {
    const value = literalValue(ast, variables ?? undefined);
    if (!isPlainObject(value)) throw new GraphQLError('JSONObject must be an object');
    if (!withinDepth(value, JSON_MAX_DEPTH)) throw new GraphQLError(`JSONObject nests too deeply`);
    return value;
  },
});

/** Broker fields are flat records or small documents; deeper input is hostile (stack, CPU). */
const JSON_MAX_DEPTH = 8;

function withinDepth(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (levels === 0) return false;
  return Object.values(value).every((v) => withinDepth(v, levels - 1));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literalValue(ast: ValueNode, variables: Record<string, unknown> | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literalValue(v, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalValue(f.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
  }
}
