import { Prisma } from "../generated/prisma/client";

/**
 * What every read of a Prisma model returns: all its fields but the ones named unread. An
 * unread name the model lacks fails to compile.
 */
export type RowOf<Model, Unread extends keyof Model = never> = Omit<Model, Unread>;

/**
 * How a raw SELECT reads one field: the column's name, or an SQL expression over the
 * table's alias where reading the column as it is costs more (an array read as JSON is
 * parsed natively instead of by the driver's text-array parser).
 */
export type ColumnRead = string | ((table: string) => string);

/**
 * Where each field of `Row` is read from. Declared `satisfies ColumnMap<Row>` with `Row`
 * derived from the Prisma model, a column the map forgets or a field the model lacks fails
 * to compile: beside the model and its migration, this map is the only place a column is named.
 */
export type ColumnMap<Row> = { readonly [Field in keyof Row]-?: ColumnRead };

/** The Prisma `select` of exactly a column map's fields. */
export type SelectOf<Map> = { readonly [Field in keyof Map]: true };

/**
 * `t."column" AS "field", …`: raw rows come back already keyed by field name, so no mapper
 * runs per row. Names and expressions come from code, never from input, so `Prisma.raw` is safe.
 */
export function selectList(map: Readonly<Record<string, ColumnRead>>, table: string): Prisma.Sql {
  const reads = Object.entries(map).map(([field, read]) => {
    if (read === field) return `${table}."${read}"`;
    return `${typeof read === "string" ? `${table}."${read}"` : read(table)} AS "${field}"`;
  });
  return Prisma.raw(reads.join(", "));
}

/** The same fields for reads and writes through Prisma's query API, so both paths return one shape. */
export function prismaSelect<Map extends Readonly<Record<string, ColumnRead>>>(map: Map): SelectOf<Map> {
  // fromEntries loses the key types the map's own type still has.
  return Object.fromEntries(Object.keys(map).map((field) => [field, true])) as SelectOf<Map>;
}
