/**
 * DateTime: ISO-8601 in UTC, out and in; what it serialises is a Date (upstream formats are read
 * where each type is mapped: upstream-time.ts). JSONObject: the broker-configured profile fields
 * the schema does not name.
 */
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder } from './builder.js';

/** A date and a time with its zone: `2017-04-19T18:07:43.218Z`, `2017-04-19T20:07:43+02:00`. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
  return date;
}

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date-time in UTC, e.g. 2017-04-19T18:07:43.218Z.',
  serialize: (value) => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
      throw new GraphQLError('DateTime cannot represent an invalid date');
    }
    return value.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : null),
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
