import {
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

// Shopify's calculated query cost, approximated the documented way: an object costs 1, a
// connection 2 plus its page size times the cost of one node, scalars and enums 0, and a
// mutation 10. Actual cost counts what came back instead of what could have.

export const MUTATION_COST = 10;

function argumentNumber(
  field: FieldNode,
  name: string,
  variables: Record<string, unknown>,
): number | null {
  const node = field.arguments?.find((arg) => arg.name.value === name)?.value;
  return node ? numberValue(node, variables) : null;
}

function numberValue(node: ValueNode, variables: Record<string, unknown>): number | null {
  if (node.kind === Kind.INT) {
    return Number.parseInt(node.value, 10);
  }
  if (node.kind === Kind.VARIABLE) {
    const value = variables[node.name.value];
    return typeof value === "number" ? value : null;
  }
  return null;
}

function isConnectionName(name: string): boolean {
  return name.endsWith("Connection");
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** `@include(if:)` / `@skip(if:)` with the request's variables; skipped fields cost nothing. */
function included(node: { directives?: readonly DirectiveNode[] }, walk: Walk): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== "include" && name !== "skip") {
      continue;
    }
    const value = directive.arguments?.find((arg) => arg.name.value === "if")?.value;
    const flag =
      value?.kind === Kind.BOOLEAN
        ? value.value
        : value?.kind === Kind.VARIABLE
          ? walk.variables[value.name.value] === true
          : true;
    if ((name === "include" && !flag) || (name === "skip" && flag)) {
      return false;
    }
  }
  return true;
}

function selectionCost(walk: Walk, set: SelectionSetNode, type: GraphQLCompositeType): number {
  let total = 0;
  for (const selection of set.selections) {
    if (!included(selection, walk)) {
      continue;
    }
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(walk, selection, type);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition
        ? walk.schema.getType(selection.typeCondition.name.value)
        : type;
      if (condition && isCompositeType(condition)) {
        total += selectionCost(walk, selection.selectionSet, condition);
      }
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      const condition = fragment ? walk.schema.getType(fragment.typeCondition.name.value) : null;
      if (fragment && condition && isCompositeType(condition)) {
        total += selectionCost(walk, fragment.selectionSet, condition);
      }
    }
  }
  return total;
}

function fieldCost(walk: Walk, field: FieldNode, parent: GraphQLCompositeType): number {
  if (field.name.value === "__typename" || !("getFields" in parent)) {
    return 0;
  }
  const definition = parent.getFields()[field.name.value];
  if (!definition || !field.selectionSet) {
    return 0;
  }
  const named = getNamedType(definition.type);
  if (!isCompositeType(named)) {
    return 0;
  }
  const inner = selectionCost(walk, field.selectionSet, named);
  const page =
    argumentNumber(field, "first", walk.variables) ?? argumentNumber(field, "last", walk.variables);
  if (isConnectionName(named.name)) {
    // `nodes`/`edges` inside were counted once; a page holds `page` of them.
    return 2 + (page ?? 1) * inner;
  }
  const unwrapped = isNonNullType(definition.type) ? definition.type.ofType : definition.type;
  if (isListType(unwrapped)) {
    return (page ?? 1) * (1 + inner);
  }
  return 1 + inner;
}

/** The cost Shopify would ask for before running the operation. */
export function requestedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): number {
  if (operation.operation === "mutation") {
    return MUTATION_COST;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const root = schema.getQueryType();
  if (!root || !isObjectType(root)) {
    return 0;
  }
  return selectionCost({ schema, fragments, variables }, operation.selectionSet, root);
}

/** The cost of what came back: 1 per object, 2 per connection (its `nodes` list included). */
export function actualCost(data: unknown, isMutation: boolean): number {
  if (isMutation) {
    return MUTATION_COST;
  }
  const count = (value: unknown, isRoot: boolean): number => {
    if (Array.isArray(value)) {
      return value.reduce<number>((sum, item) => sum + count(item, false), 0);
    }
    if (typeof value !== "object" || value === null) {
      return 0;
    }
    const record = value as Record<string, unknown>;
    const own = isRoot ? 0 : "nodes" in record || "edges" in record ? 2 : 1;
    return Object.values(record).reduce<number>((sum, inner) => sum + count(inner, false), own);
  };
  return count(data, true);
}
