/**
 * Limits on what one operation may ask for, checked during validation so a refused query never
 * reaches a resolver (and so never the upstream). Messages name the limit, never its value.
 *
 * Cost: every field costs 1, multiplied by the page size of each connection it sits in (`first`,
 * default 20), so `users(first: 100) { nodes { profile { ... } } }` costs what it will fetch.
 * Every field counts wherever it stands: in inline and named fragments, and introspection fields.
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
  SchemaMetaFieldDef,
  type SelectionSetNode,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { QueryLimits } from '../config.js';

export type LimitName = 'depth' | 'aliases' | 'directives' | 'cost' | 'tokens' | 'batch' | 'entities';

export class QueryLimitError extends GraphQLError {
  constructor(readonly limit: LimitName) {
    // One status for every refusal, whichever stage of the request it comes from.
    super(LIMIT_MESSAGES[limit], { extensions: { code: 'QUERY_TOO_COMPLEX', limit, http: { status: 400 } } });
  }
}

export const LIMIT_MESSAGES: Record<LimitName, string> = {
  depth: 'The query is nested too deeply',
  aliases: 'The query uses too many aliases',
  directives: 'The query uses too many directives',
  cost: 'The query asks for too much data at once',
  tokens: 'The query is too large',
  batch: 'The request holds too many operations',
  entities: 'The request asks for too many entities at once',
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
        const measured = measure(operation, fragments, context);
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

interface Measure {
  /** Levels of fields below (and including) the selection set's own fields. */
  depth: number;
  /** Fields, each weighted by the page sizes it sits in below the set. */
  cost: number;
}

/**
 * Depth and cost of an operation, counting through fragments. Each fragment is measured once and
 * reused at every spread, so nested spreads cannot make this walk exponential; fragment cycles
 * are reported by graphql's own NoFragmentCycles rule and cut here.
 */
function measure(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  context: ValidationContext,
): Measure {
  const schema = context.getSchema();
  const measured = new Map<string, Measure>();
  const inProgress = new Set<string>();

  const fragment = (name: string): Measure => {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || inProgress.has(name)) return { depth: 0, cost: 0 };
    inProgress.add(name);
    const result = selection(definition.selectionSet, schema.getType(definition.typeCondition.name.value));
    inProgress.delete(name);
    measured.set(name, result);
    return result;
  };

  const selection = (set: SelectionSetNode, parent: GraphQLNamedType | null | undefined): Measure => {
    let depth = 0;
    let cost = 0;
    for (const node of set.selections) {
      if (node.kind === Kind.FIELD) {
        // Introspection fields count like any other: `__schema` nests as deep as a client likes.
        cost += 1;
        depth = Math.max(depth, 1);
        if (!node.selectionSet) continue;
        const definition = fieldDefinition(parent, node.name.value);
        const child = selection(node.selectionSet, definition && getNamedType(definition.type));
        cost += (definition ? pageSize(node, definition) : 1) * child.cost;
        depth = Math.max(depth, 1 + child.depth);
      } else {
        const child =
          node.kind === Kind.INLINE_FRAGMENT
            ? selection(
                node.selectionSet,
                node.typeCondition ? schema.getType(node.typeCondition.name.value) : parent,
              )
            : fragment(node.name.value);
        cost += child.cost;
        depth = Math.max(depth, child.depth);
      }
    }
    return { depth, cost };
  };

  return selection(operation.selectionSet, schema.getRootType(operation.operation));
}

function fieldDefinition(
  parent: GraphQLNamedType | null | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
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
