import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import { Prisma, type Product } from "../../generated/prisma/client";

/**
 * A product as every read returns it, raw SQL or Prisma: the Prisma model minus what no
 * product read needs. The rating average is only the RATING_DESC sort key (the API derives
 * it from sum and count); `updatedAt` is bookkeeping nothing shows.
 */
export type ProductRow = RowOf<Product, "ratingAverage" | "updatedAt">;

/**
 * The one place a product column meets its field. A new column of the model fails to
 * compile here until it is read (a line below) or left out (unread in `ProductRow`).
 */
const productColumnMap = {
  id: "id",
  name: "name",
  slug: "slug",
  description: "description",
  imageUrls: (p) => `array_to_json(${p}."image_urls")`,
  categoryId: "category_id",
  taxClassId: "tax_class_id",
  minPriceAmount: "min_price_amount",
  maxPriceAmount: "max_price_amount",
  inStock: "in_stock",
  ratingCount: "rating_count",
  ratingSum: "rating_sum",
  archivedAt: "archived_at",
  createdAt: "created_at",
} as const satisfies ColumnMap<ProductRow>;

/** For Prisma's query API (staff writes read the product back with it). */
export const productSelect = prismaSelect(productColumnMap);

/**
 * A product's columns as every raw read selects them (aliased `p`), rows already
 * `ProductRow`s. Raw SQL because Prisma's `findMany` spends several times the statement's
 * own cost building and mapping the query (measured on the storefront workloads), and these
 * reads run on every catalog request.
 */
export const productColumns = selectList(productColumnMap, "p");

/**
 * Products by id or by slug (archived ones included: visibility is the caller's check), as
 * `ProductRow`s; `extraColumns` (", …") adds to the select list (e.g. relations as JSON).
 */
export function selectProductsBy(
  key: "id" | "slug",
  values: readonly string[],
  extraColumns: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const match =
    key === "id"
      ? Prisma.sql`p.id = ANY(CAST(${values} AS uuid[]))`
      : Prisma.sql`p.slug = ANY(CAST(${values} AS text[]))`;
  return Prisma.sql`SELECT ${productColumns}${extraColumns} FROM products p WHERE ${match}`;
}

/** A product as one JSON value (aliased `p`), for reads that return products inside another row. */
export const productJson = jsonObjectOf(productColumnMap, "p");

/** A product of `productJson`, as a `ProductRow`. */
export function productRowFromJson(json: unknown): ProductRow {
  return rowFromJson<ProductRow>(json, ["createdAt", "archivedAt"]);
}
