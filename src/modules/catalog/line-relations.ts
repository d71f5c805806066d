import { Prisma } from "../../generated/prisma/client";
import { productJson } from "./product-rows";
import { variantJson } from "./variant-rows";

/**
 * The variants of a parent's lines (an order's, a cart's) and their products, read as JSON
 * with the parent in look-ahead loading: the same two columns for every kind of line (primed
 * by `primeLineVariants`, product-look-ahead.ts).
 */
export interface LineVariantRelations {
  /** The lines' variants, as they are now (`variantById`). */
  variants: boolean;
  /** The variants' products (`productById`). */
  products: boolean;
}

/** A parent row read with `lineVariantColumns`. */
export interface LineVariantsJson {
  relatedVariants?: unknown[];
  relatedProducts?: unknown[];
}

/**
 * The select-list columns `relatedVariants` and `relatedProducts` (as `relations` asks) for
 * the variants `variantIds` names: a subquery of variant ids, correlated to the parent row.
 */
export function lineVariantColumns(variantIds: Prisma.Sql, relations: LineVariantRelations): Prisma.Sql[] {
  const columns: Prisma.Sql[] = [];
  if (relations.variants)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${variantJson}), '[]'::json) FROM product_variants v
      WHERE v.id IN (${variantIds})) AS "relatedVariants"`);
  if (relations.products)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${productJson}), '[]'::json) FROM products p
      WHERE p.id IN (SELECT v.product_id FROM product_variants v WHERE v.id IN (${variantIds}))) AS "relatedProducts"`);
  return columns;
}

/** What a selection of a parent with lines (an order, a cart) asks for; each needs the one before. */
export interface LineRelations extends LineVariantRelations {
  lines: boolean;
}

export const noLineRelations: LineRelations = { lines: false, variants: false, products: false };

/** A parent row read with `lineRelationColumns`: its relations as JSON beside its own columns. */
export type WithLineRelations<Row> = Row & LineVariantsJson & { relatedLines?: unknown[] };

/** Where a parent's lines are: their JSON (over `l`), the correlated `FROM … WHERE` naming them `l`, their order. */
export interface LinesOfParent {
  json: Prisma.Sql;
  from: Prisma.Sql;
  orderBy: Prisma.Sql;
}

/** The select-list additions (after the parent's own columns) that read `relations`. */
export function lineRelationColumns(lines: LinesOfParent, relations: LineRelations): Prisma.Sql {
  const columns = lineVariantColumns(Prisma.sql`SELECT l.variant_id FROM ${lines.from}`, relations);
  if (relations.lines)
    columns.unshift(Prisma.sql`(
      SELECT coalesce(json_agg(${lines.json} ORDER BY ${lines.orderBy}), '[]'::json)
      FROM ${lines.from}) AS "relatedLines"`);
  return columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns)}`;
}
