/**
 * Caps the representations one `_entities` call may resolve. They usually arrive as a variable,
 * which validation cannot see, so the check runs once the operation is resolved, still before any
 * resolver (each TradingAccount reference costs an upstream search).
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { GraphQLContext } from '../schema/context.js';
import { QueryLimitError } from './query-limits.js';

export function entitiesLimitPlugin(maxEntities: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation && countRepresentations(operation, request.variables ?? {}) > maxEntities) {
            throw new QueryLimitError('entities');
          }
        },
      };
    },
  };
}

function countRepresentations(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  let count = 0;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
    const value = selection.arguments?.find((a) => a.name.value === 'representations')?.value;
    if (value?.kind === Kind.LIST) count += value.values.length;
    else if (value?.kind === Kind.VARIABLE) {
      const given = variables[value.name.value];
      count += Array.isArray(given) ? given.length : 1;
    }
  }
  return count;
}
