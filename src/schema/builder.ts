/**
 * The SchemaBuilder, its plugins and its generics, nothing else. Plugin order matters: the errors
 * plugin wraps the zod plugin so validation failures become typed results, and the directives plugin
 * comes before federation or the printed SDL loses `@key` and `@link`.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from './context.js';
import { validationErrorFromZod } from './validation.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string | number };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [ErrorsPlugin, ZodPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  errors: {
    defaultTypes: [],
    // `LoginResult`, not `MutationLoginResult`: the names clients write in their fragments.
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  zod: { validationError: validationErrorFromZod },
});

builder.queryType({});
builder.mutationType({});
