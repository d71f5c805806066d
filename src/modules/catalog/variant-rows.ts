import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import { Prisma, type ProductVariant } from "../../generated/prisma/client";

/**
 * A variant as every read returns it, raw SQL or Prisma: the Prisma model minus its
 * timestamps, bookkeeping no variant read shows.
 */
export type VariantRow = RowOf<ProductVariant, "createdAt" | "updatedAt">;

/**
 * The one place a variant column meets its field. A new column of the model fails to
 * compile here until it is read (a line below) or left out (unread in `VariantRow`).
 */
const variantColumnMap = {
  id: "id",
  productId: "product_id",
  sku: "sku",
  name: "name",
  options: "options",
  priceAmount: "price_amount",
  quantityAvailable: "quantity_available",
  position: "position",
} as const satisfies ColumnMap<VariantRow>;

/** For Prisma's query API (staff writes read the variant back with it). */
export const variantSelect = prismaSelect(variantColumnMap);

const variantColumns = selectList(variantColumnMap, "v");

/**
 * Variants by id, or every variant of some products (in display order), as `VariantRow`s.
 * Raw SQL on purpose: a listing loads ~50 variants per request, and Prisma's `findMany`
 * spent ~1 ms of CPU building and mapping that query (measured), several times the
 * statement itself.
 */
export function selectVariantsBy(key: "id" | "product_id", values: readonly string[]): Prisma.Sql {
  const column = key === "id" ? Prisma.sql`v.id` : Prisma.sql`v.product_id`;
  return Prisma.sql`
    SELECT ${variantColumns}
    FROM product_variants v
    WHERE ${column} = ANY(CAST(${values} AS uuid[]))
    ORDER BY v.product_id, v.position, v.id`;
}

/** A variant as one JSON value (aliased `v`), for reads that return variants inside another row. */
export const variantJson = jsonObjectOf(variantColumnMap, "v");

/**
 * The variants of the product aliased `p`, in display order, as one JSON array: for a
 * product read together with its relations (look-ahead loading).
 */
export const productVariantsJson = Prisma.sql`(
  SELECT coalesce(json_agg(${variantJson} ORDER BY v.position, v.id), '[]'::json)
  FROM product_variants v WHERE v.product_id = p.id)`;

/** A variant of `variantJson`, as a `VariantRow` (it has no timestamps). */
export function variantRowFromJson(json: unknown): VariantRow {
  return rowFromJson<VariantRow>(json, []);
}
