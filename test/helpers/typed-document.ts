import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Kind, parse, type DefinitionNode, type DocumentNode } from "graphql";

/**
 * A test's own operation that spreads the SDK's generated fragments (`...UserFields`), so
 * its result type is built from their generated types (`UserFieldsFragment`) instead of
 * being written out by hand. Each `*FragmentDoc` carries the fragments it spreads in turn;
 * a fragment named twice is sent once.
 */
export function typedDocument<TResult, TVariables = Record<string, never>>(
  source: string,
  ...fragments: DocumentNode[]
): TypedDocumentNode<TResult, TVariables> {
  const operation = parse(source);
  const byName = new Map<string, DefinitionNode>();
  for (const definition of fragments.flatMap((fragment) => fragment.definitions)) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) byName.set(definition.name.value, definition);
  }
  return { ...operation, definitions: [...operation.definitions, ...byName.values()] };
}
