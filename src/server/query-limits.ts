/**
 * Limits on what one operation may ask for, checked during validation so a refused query never
 * reaches a resolver (and so never the upstream). Messages name the limit, never its value.
 *
 * Cost: every field costs 1, multiplied by the page size of each connection it sits in (`first`,
 * default 20), so `users(first: 100) { nodes { profile { ... } } }` costs what it will fetch.
 */
import {
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxCost: number;
  /** Enforced by the parser (graphql's maxTokens), before validation. */
  maxTokens: number;
}

export type LimitName = 'depth' | 'aliases' | 'directives' | 'cost' | 'tokens' | 'batch';

export class QueryLimitError extends GraphQLError {
  constructor(readonly limit: LimitName) {
    super(LIMIT_MESSAGES[limit], { extensions: { code: 'QUERY_TOO_COMPLEX', limit } });
  }
}

export const LIMIT_MESSAGES: Record<LimitName, string> = {
  depth: 'The query is nested too deeply',
  aliases: 'The query uses too many aliases',
  directives: 'The query uses too many directives',
  cost: 'The query asks for too much data at once',
  tokens: 'The query is too large',
  batch: 'The request holds too many operations',
};

/** The largest page any paged field serves (users: 100). */
const MAX_PAGE = 100;

export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [(context) => limitsVisitor(context, limits)];
}

function limitsVisitor(context: ValidationContext, limits: QueryLimits): ASTVisitor {
  const document = context.getDocument();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions)
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  return {
    Document: {
      enter() {
        const aliases = countNodes(
          document,
          (kind, node) => kind === Kind.FIELD && 'alias' in node && !!node.alias,
        );
        if (aliases > limits.maxAliases) context.reportError(new QueryLimitError('aliases'));
        const directives = countNodes(document, (kind) => kind === Kind.DIRECTIVE);
        if (directives > limits.maxDirectives) context.reportError(new QueryLimitError('directives'));
      },
    },
    OperationDefinition: {
      enter(operation: OperationDefinitionNode) {
        const measured = measure(operation, fragments, context, limits);
        if (measured.depth > limits.maxDepth) context.reportError(new QueryLimitError('depth'));
        else if (measured.cost > limits.maxCost) context.reportError(new QueryLimitError('cost'));
      },
    },
  };
}

function countNodes(document: DocumentNode, match: (kind: string, node: object) => boolean): number {
  let count = 0;
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const kind = (node as { kind?: unknown }).kind;
    if (typeof kind === 'string' && match(kind, node)) count++;
    for (const [key, value] of Object.entries(node)) if (key !== 'loc') walk(value);
  };
  walk(document);
  return count;
}

/**
 * Depth and cost of a selection, expanding fragments. Stops early once either limit is passed, so a
 * hostile document cannot make this walk expensive; fragment cycles are reported by graphql's own
 * NoFragmentCycles rule and cut here.
 */
function measure(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  context: ValidationContext,
  limits: QueryLimits,
): { depth: number; cost: number } {
  const schema = context.getSchema();
  let maxDepth = 0;
  let cost = 0;
  const visit = (
    set: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    depth: number,
    multiplier: number,
    path: ReadonlySet<string>,
  ) => {
    // Stop once a limit is passed: a hostile document cannot make this walk expensive.
    if (maxDepth > limits.maxDepth || cost > limits.maxCost) return;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        cost += multiplier;
        maxDepth = Math.max(maxDepth, depth);
        if (!selection.selectionSet) continue;
        const definition =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        const pages = definition ? pageSize(selection, definition) : 1;
        visit(
          selection.selectionSet,
          definition && getNamedType(definition.type),
          depth + 1,
          multiplier * pages,
          path,
        );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        visit(selection.selectionSet, type, depth, multiplier, path);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || path.has(name)) continue;
        visit(
          fragment.selectionSet,
          schema.getType(fragment.typeCondition.name.value),
          depth,
          multiplier,
          new Set([...path, name]),
        );
      }
    }
  };
  visit(operation.selectionSet, schema.getRootType(operation.operation), 1, 1, new Set());
  return { depth: maxDepth, cost };
}

/** The page size a paged field (one with a `first` argument) will fetch. */
function pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown>): number {
  const parameter = definition.args.find((a) => a.name === 'first');
  if (!parameter) return 1;
  const given = field.arguments?.find((a) => a.name.value === 'first')?.value;
  if (given?.kind === Kind.INT) return Math.max(1, Number(given.value));
  // A variable's value is unknown during validation: assume the largest page the API serves.
  if (given?.kind === Kind.VARIABLE) return MAX_PAGE;
  return typeof parameter.defaultValue === 'number' ? Math.max(1, parameter.defaultValue) : MAX_PAGE;
}
