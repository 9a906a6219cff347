/**
 * Federation entity representations are client input like any argument: anyone can send
 * `_entities(representations: ...)` straight to the subgraph. Every representation is checked
 * against its type's schema (type, shape, length) before any reference resolver runs; a malformed
 * one answers BAD_USER_INPUT at its own index and reaches neither a resolver nor the upstream.
 */
import { GraphQLError, type GraphQLSchema, getNamedType, isUnionType } from 'graphql';
import type { z } from 'zod';
import { isPlainObject } from './scalars.js';

/** Representation schemas by entity type name; each must accept exactly what a router sends. */
export type RepresentationSchemas = Record<string, z.ZodType>;

export function guardEntityRepresentations(schema: GraphQLSchema, schemas: RepresentationSchemas): void {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return;
  const union = getNamedType(field.type);
  if (!isUnionType(union)) throw new Error('_entities does not answer the _Entity union');
  // A new entity without a representation schema would be resolved from unchecked input.
  const missing = union.getTypes().filter((type) => !schemas[type.name]);
  if (missing.length > 0) {
    throw new Error(`Entities without a representation schema: ${missing.map((t) => t.name).join(', ')}`);
  }

  field.resolve = async (source, args, context, info) => {
    const given: unknown[] = Array.isArray(args.representations) ? args.representations : [];
    const checked = given.map((representation, index) => check(schemas, representation, index));
    const valid = checked.filter((c) => !(c instanceof GraphQLError));
    const resolved: unknown =
      valid.length > 0 ? await resolve(source, { representations: valid }, context, info) : [];
    const results = Array.isArray(resolved) ? resolved : [];
    let next = 0;
    // An error in a list position is that entity's error: null there, the others resolve.
    return checked.map((c) => (c instanceof GraphQLError ? c : results[next++]));
  };
}

function check(schemas: RepresentationSchemas, representation: unknown, index: number): unknown {
  const at = ['representations', String(index)];
  if (!isPlainObject(representation)) return invalid(at, 'must be an object');
  const typename = representation.__typename;
  const schema =
    typeof typename === 'string' && Object.hasOwn(schemas, typename) ? schemas[typename] : undefined;
  if (!schema) return invalid([...at, '__typename'], 'must name an entity type of this subgraph');
  const parsed = schema.safeParse(representation);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  // zod's own message for extra keys would repeat them, and they are the client's text.
  const message = issue?.code === 'unrecognized_keys' ? 'holds fields beyond the key' : issue?.message;
  return invalid([...at, ...(issue?.path.map(String) ?? [])], message ?? 'is invalid');
}

/** The message names the position and the rule, never the value sent. */
function invalid(path: string[], message: string): GraphQLError {
  return new GraphQLError(`Invalid entity representation: ${path.slice(1).join('.')} ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ path, message }] },
  });
}
