import { Prisma } from "../../generated/prisma/client";
import { productJson } from "../catalog/product-rows";
import { variantJson } from "../catalog/variant-rows";
import { cartLineJson, type CartRow } from "./cart.type";

/**
 * Look-ahead loading of a cart's relations: what a selection of Cart fields asks for is
 * read with the cart, in the same statement, and primed into the request's loaders (see
 * cart-look-ahead.ts). Each relation needs the one before it: variants are the lines'.
 */
export interface CartRelations {
  lines: boolean;
  /** The lines' variants, as they are now (`variantById`): prices and totals need them. */
  variants: boolean;
  /** The variants' products (`productById`). */
  products: boolean;
}

export const noCartRelations: CartRelations = { lines: false, variants: false, products: false };

/** A cart row read with `cartRelationColumns`: its relations as JSON beside its own columns. */
export type CartRowWithRelations = CartRow & {
  relatedLines?: unknown[];
  relatedVariants?: unknown[];
  relatedProducts?: unknown[];
};

/** The cart's own columns (aliased `c`), as `CartRow`. */
export const cartColumns = Prisma.sql`c.id, c.user_id AS "userId", c.discount_code_id AS "discountCodeId"`;

/** The select-list additions (after the cart's own columns, aliased `c`) that read `relations`. */
export function cartRelationColumns(relations: CartRelations): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  if (relations.lines)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${cartLineJson} ORDER BY l.created_at, l.id), '[]'::json)
      FROM cart_lines l WHERE l.cart_id = c.id) AS "relatedLines"`);
  if (relations.variants)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${variantJson}), '[]'::json) FROM product_variants v
      WHERE v.id IN (SELECT l.variant_id FROM cart_lines l WHERE l.cart_id = c.id)) AS "relatedVariants"`);
  if (relations.products)
    columns.push(Prisma.sql`(
      SELECT coalesce(json_agg(${productJson}), '[]'::json) FROM products p
      WHERE p.id IN (
        SELECT v.product_id FROM cart_lines l JOIN product_variants v ON v.id = l.variant_id
        WHERE l.cart_id = c.id)) AS "relatedProducts"`);
  return columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns)}`;
}
