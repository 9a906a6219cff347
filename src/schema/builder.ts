/**
 * The SchemaBuilder, its plugins and its generics, nothing else. Plugin order matters: the errors
 * plugin wraps the zod plugin so validation failures become typed results, and the directives plugin
 * comes before federation or the printed SDL loses `@key` and `@link`. Tracing comes first so a
 * resolver's span covers everything its field does.
 */
import SchemaBuilder from '@pothos/core';
import DirectivesPlugin from '@pothos/plugin-directives';
import ErrorsPlugin from '@pothos/plugin-errors';
import FederationPlugin from '@pothos/plugin-federation';
import TracingPlugin from '@pothos/plugin-tracing';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from './context.js';
import { resolverSpan, tracesField } from './tracing.js';
import { validationErrorFromZod } from './validation.js';

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
  };
  DefaultFieldNullability: false;
  Tracing: boolean;
}>({
  plugins: [TracingPlugin, ErrorsPlugin, ZodPlugin, DirectivesPlugin, FederationPlugin],
  defaultFieldNullability: false,
  errors: {
    defaultTypes: [],
    // `LoginResult`, not `MutationLoginResult`: the names clients write in their fragments.
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName[0]?.toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
  zod: { validationError: validationErrorFromZod },
  tracing: { default: tracesField, wrap: (resolver, options) => resolverSpan(resolver, options) },
});

builder.queryType({});
builder.mutationType({});
