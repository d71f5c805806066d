import { Prisma } from "../generated/prisma/client";
import type { ColumnRead } from "./column-map";

/**
 * `json_build_object('field', t."column", …)`: a row as one JSON value keyed by field name,
 * for statements that return a row together with its relations (look-ahead loading).
 * Names and expressions come from code, never from input, so `Prisma.raw` is safe.
 */
export function jsonObjectOf(map: Readonly<Record<string, ColumnRead>>, table: string): Prisma.Sql {
  const pairs = Object.entries(map).map(
    ([field, read]) => `'${field}', ${typeof read === "string" ? `${table}."${read}"` : read(table)}`,
  );
  return Prisma.raw(`json_build_object(${pairs.join(", ")})`);
}

/**
 * A row read back from JSON in the shape the same row has when read by a plain SELECT: JSON
 * has no timestamps, so the named fields (ISO strings from PostgreSQL) become Dates again.
 */
export function rowFromJson<Row>(json: unknown, timestampFields: readonly (keyof Row & string)[]): Row {
  // Revived in place: the value was parsed for this row alone, nothing else holds it.
  const row = json as Record<string, unknown>;
  for (const field of timestampFields) {
    const value = row[field];
    if (typeof value === "string") row[field] = new Date(value);
  }
  return row as Row;
}
