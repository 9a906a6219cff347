/**
 * One validation idiom: every `validate` in the schema is `{ schema: rule }` with a zod rule, never
 * the zod plugin's option objects (`{ maxLength }`, `{ regex }`, refinement tuples).
 */
import { type GraphQLArgument, type GraphQLInputField, isInputObjectType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getSchema } from '../../src/schema/index.js';

type Options = { validate?: unknown } | undefined;
const optionsOf = (extensions: Readonly<Record<string, unknown>> | null | undefined) =>
  extensions?.pothosOptions as Options;

describe('validation', () => {
  it('says validate: { schema: rule } wherever it checks an argument, an input field or an input type', () => {
    const found: Array<[string, unknown]> = [];
    const check = (where: string, options: Options) => {
      if (options?.validate !== undefined) found.push([where, options.validate]);
    };
    for (const type of Object.values(getSchema().getTypeMap())) {
      if (isObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          for (const arg of field.args as readonly GraphQLArgument[]) {
            check(`${type.name}.${field.name}(${arg.name})`, optionsOf(arg.extensions));
          }
        }
      }
      if (isInputObjectType(type)) {
        check(type.name, optionsOf(type.extensions));
        for (const field of Object.values(type.getFields()) as GraphQLInputField[]) {
          check(`${type.name}.${field.name}`, optionsOf(field.extensions));
        }
      }
    }
    expect(found.length).toBeGreaterThan(20);
    const otherwise = found
      .filter(([, validate]) => {
        const keys = typeof validate === 'object' && validate !== null ? Object.keys(validate) : [];
        return keys.join() !== 'schema' || !((validate as { schema: unknown }).schema instanceof z.ZodType);
      })
      .map(([where]) => where);
    expect(otherwise).toEqual([]);
  });
});
