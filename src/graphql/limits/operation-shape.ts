import {
  Kind,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** Measures of an operation's shape that bound the work it can ask for. */
export interface OperationShape {
  depth: number;
  aliases: number;
  rootFields: number;
  directives: number;
}

/**
 * Walks the operation with its fragments inlined (each fragment at most once per path, so
 * a fragment cycle cannot loop; GraphQL validation rejects cycles anyway).
 */
export function measureOperation(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
): OperationShape {
  const shape: OperationShape = {
    depth: 0,
    aliases: 0,
    rootFields: 0,
    directives: operation.directives?.length ?? 0,
  };

  function walk(
    selectionSet: SelectionSetNode,
    depth: number,
    seen: ReadonlySet<string>,
    isRoot: boolean,
  ): void {
    for (const selection of selectionSet.selections) {
      shape.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) shape.aliases += 1;
        if (isRoot) shape.rootFields += 1;
        shape.depth = Math.max(shape.depth, depth);
        // Introspection (`__schema`, `__type`) is bounded by the schema itself, and tools'
        // standard introspection query nests ~15 deep: its depth is not the client's choice.
        const introspection = selection.name.value.startsWith("__");
        if (selection.selectionSet && !introspection) walk(selection.selectionSet, depth + 1, seen, false);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet, depth, seen, isRoot);
      } else {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        shape.directives += fragment.directives?.length ?? 0;
        walk(fragment.selectionSet, depth, new Set([...seen, fragment.name.value]), isRoot);
      }
    }
  }

  walk(operation.selectionSet, 1, new Set(), true);
  return shape;
}
