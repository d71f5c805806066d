import { Prisma } from "../../generated/prisma/client";
import { productJson } from "../catalog/product-rows";
import { variantJson } from "../catalog/variant-rows";
import { orderLineJson, type OrderRow } from "./order-rows";

/**
 * Look-ahead loading of an order's relations: what a selection of Order fields asks for is
 * read with the orders, in the same statement, and primed into the request's loaders (see
 * order-look-ahead.ts). Each relation needs the one before it: variants are the lines'.
 */
export interface OrderRelations {
  lines: boolean;
  /** The lines' variants, as they are now (`variantById`). */
  variants: boolean;
  /** The variants' products (`productById`). */
  products: boolean;
}

export const noOrderRelations: OrderRelations = { lines: false, variants: false, products: false };

/** An order row read with `orderRelationColumns`: its relations as JSON beside its own columns. */
export type OrderRowWithRelations = OrderRow & {
  relatedLines?: unknown[];
  relatedVariants?: unknown[];
  relatedProducts?: unknown[];
};

/** The select-list additions (after the order's own columns, aliased `o`) that read `relations`. */
export function orderRelationColumns(relations: OrderRelations): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  if (relations.lines)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${orderLineJson} ORDER BY l.position, l.id), '[]'::json)
      FROM order_lines l WHERE l.order_id = o.id) AS "relatedLines"`);
  if (relations.variants)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${variantJson}), '[]'::json) FROM product_variants v
      WHERE v.id IN (SELECT l.variant_id FROM order_lines l WHERE l.order_id = o.id)) AS "relatedVariants"`);
  if (relations.products)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${productJson}), '[]'::json) FROM products p
      WHERE p.id IN (
        SELECT v.product_id FROM order_lines l JOIN product_variants v ON v.id = l.variant_id
        WHERE l.order_id = o.id)) AS "relatedProducts"`);
  return columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns)}`;
}
