import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { defaultPageSize, maxPageSize } from "../connection";

/**
 * What an operation costs, before it runs: every object field costs 1, scalars 0, and a
 * field with a `first` argument (a connection page) multiplies what is under it by the
 * page size asked for — `products(first: 100) { reviews(first: 100) { … } }` costs
 * 100 × 100 × … This is the `complexity` idea of type-graphql and graphql-query-complexity,
 * done over the document so nothing has to be declared per field.
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const rootType = schema.getRootType(operation.operation);
  if (!rootType) return 0;

  function pageSizeOf(
    field: GraphQLField<unknown, unknown>,
    args: readonly { name: { value: string }; value: import("graphql").ValueNode }[],
  ): number {
    if (!field.args.some((arg) => arg.name === "first")) return 1;
    const given = args.find((arg) => arg.name.value === "first");
    const value = given ? valueFromASTUntyped(given.value, variables) : undefined;
    // Beyond the maximum page size validation refuses the request anyway (BAD_USER_INPUT
    // naming `first`): cost it at the maximum so that clearer error is the one it gets.
    return typeof value === "number" && value > 0 ? Math.min(value, maxPageSize) : defaultPageSize;
  }

  function costOf(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    seen: ReadonlySet<string>,
  ): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const fields = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields() : {};
        const field = fields[selection.name.value];
        if (!field) continue;
        const type = getNamedType(field.type);
        const below =
          selection.selectionSet && isCompositeType(type) ? costOf(selection.selectionSet, type, seen) : 0;
        total += isLeafType(type) ? 0 : pageSizeOf(field, selection.arguments ?? []) * (1 + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && isCompositeType(type)) total += costOf(selection.selectionSet, type, seen);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && isCompositeType(type))
          total += costOf(fragment.selectionSet, type, new Set([...seen, fragment.name.value]));
      }
    }
    return total;
  }

  return costOf(operation.selectionSet, rootType, new Set());
}
