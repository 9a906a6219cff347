/**
 * Caps the representations one request may resolve. They usually arrive as a variable, which
 * validation cannot see, so the check runs once the operation is resolved, still before any
 * resolver (each TradingAccount reference costs an upstream search). `_entities` is counted wherever
 * it stands: aliased, repeated, inside inline fragments or named fragments.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import {
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { GraphQLContext } from '../schema/context.js';
import { QueryLimitError } from './query-limits.js';
import { scopeOf } from './request-scope.js';

export function entitiesLimitPlugin(maxEntities: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document, contextValue }) {
          if (!operation) return;
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions)
            if (definition.kind === Kind.FRAGMENT_DEFINITION)
              fragments.set(definition.name.value, definition);
          // The operations of a batched HTTP request share one scope: the limit is per request.
          const scope = scopeOf(contextValue);
          const total =
            (scope?.entities ?? 0) + countRepresentations(operation, fragments, request.variables ?? {});
          if (total > maxEntities) throw new QueryLimitError('entities');
          if (scope) scope.entities = total;
        },
      };
    },
  };
}

export function countRepresentations(
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  // Each fragment is counted once and reused at every spread: nested spreads stay linear.
  const counted = new Map<string, number>();
  const entered = new Set<string>();

  const fragment = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const definition = fragments.get(name);
    // Cycles are graphql's NoFragmentCycles rule's to report; cut them here.
    if (!definition || entered.has(name)) return 0;
    entered.add(name);
    const count = selections(definition.selectionSet);
    counted.set(name, count);
    return count;
  };

  // A variable the request leaves out takes its default from the document.
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? [])
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  const length = (value: ValueNode | undefined): number => {
    if (value?.kind === Kind.LIST) return value.values.length;
    if (value?.kind === Kind.VARIABLE) {
      const name = value.name.value;
      if (Object.hasOwn(variables, name)) {
        const given = variables[name];
        return Array.isArray(given) ? given.length : given == null ? 0 : 1;
      }
      return length(defaults.get(name));
    }
    // A single value is coerced to a list of one.
    return value && value.kind !== Kind.NULL ? 1 : 0;
  };

  const selections = (set: SelectionSetNode): number => {
    let count = 0;
    for (const node of set.selections) {
      if (node.kind === Kind.FRAGMENT_SPREAD) count += fragment(node.name.value);
      else if (node.kind === Kind.INLINE_FRAGMENT) count += selections(node.selectionSet);
      else {
        if (node.name.value === '_entities') {
          const value = node.arguments?.find((a) => a.name.value === 'representations')?.value;
          count += length(value);
        }
        if (node.selectionSet) count += selections(node.selectionSet);
      }
    }
    return count;
  };

  return selections(operation.selectionSet);
}
