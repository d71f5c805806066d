import type { GraphQLResolveInfo } from "graphql";
import { parseResolveInfo, type ResolveTree } from "graphql-parse-resolve-info";

export type { ResolveTree } from "graphql-parse-resolve-info";

/**
 * What a client selected under the field being resolved, fragments and `@skip`/`@include`
 * applied and arguments coerced (defaults filled in), for look-ahead loading: a resolver
 * that sees which relations are selected loads them with its own rows in one statement.
 * Null when the selection cannot be read (look-ahead then simply does not happen).
 */
export function selectionOf(info: GraphQLResolveInfo): ResolveTree | null {
  const tree = parseResolveInfo(info);
  return tree && "fieldsByTypeName" in tree && typeof tree.name === "string" ? (tree as ResolveTree) : null;
}

/** Every selection of the field `name` (one per alias) on values of type `typeName` under `tree`. */
export function fieldsNamed(tree: ResolveTree | undefined, typeName: string, name: string): ResolveTree[] {
  if (!tree) return [];
  return Object.values(tree.fieldsByTypeName[typeName] ?? {}).filter((field) => field.name === name);
}

/** The selections of the nodes in a Relay connection of `typeName` (`edges { node }`, every alias). */
export function nodesOfConnection(connection: ResolveTree | null, typeName: string): ResolveTree[] {
  if (!connection) return [];
  return fieldsNamed(connection, `${typeName}Connection`, "edges").flatMap((edges) =>
    fieldsNamed(edges, `${typeName}Edge`, "node"),
  );
}
