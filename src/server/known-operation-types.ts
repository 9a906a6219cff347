/**
 * Refuses an operation whose type the schema has no root for (this API has no subscriptions) while
 * the document is validated, as a client error: graphql only finds out when it starts executing,
 * and says so as an internal error.
 */
import { GraphQLError, type ValidationRule } from 'graphql';

export const knownOperationTypes: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(new GraphQLError(`This API has no ${node.operation} operations`, { nodes: node }));
  },
});
