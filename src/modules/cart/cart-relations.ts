import { Prisma } from "../../generated/prisma/client";
import {
  lineRelationColumns,
  noLineRelations,
  type LineRelations,
  type WithLineRelations,
} from "../catalog/line-relations";
import { cartLineJson, type CartRow } from "./cart.type";

/**
 * Look-ahead loading of a cart's relations: what a selection of Cart fields asks for is
 * read with the cart, in the same statement, and primed into the request's loaders (see
 * cart-look-ahead.ts): its lines, their variants (prices and totals need both), the
 * variants' products.
 */
export type CartRelations = LineRelations;

export const noCartRelations: CartRelations = noLineRelations;

/** A cart row read with `cartRelationColumns`. */
export type CartRowWithRelations = WithLineRelations<CartRow>;

/** The cart's own columns (aliased `c`), as `CartRow`. */
export const cartColumns = Prisma.sql`c.id, c.user_id AS "userId", c.discount_code_id AS "discountCodeId"`;

/** The select-list additions (after the cart's own columns, aliased `c`) that read `relations`. */
export function cartRelationColumns(relations: CartRelations): Prisma.Sql {
  return lineRelationColumns(
    {
      json: cartLineJson,
      from: Prisma.sql`cart_lines l WHERE l.cart_id = c.id`,
      orderBy: Prisma.sql`l.created_at, l.id`,
    },
    relations,
  );
}
