import { Prisma } from "../../generated/prisma/client";
import {
  lineRelationColumns,
  noLineRelations,
  type LineRelations,
  type WithLineRelations,
} from "../catalog/line-relations";
import { orderLineJson, type OrderRow } from "./order-rows";

/**
 * Look-ahead loading of an order's relations: what a selection of Order fields asks for is
 * read with the orders, in the same statement, and primed into the request's loaders (see
 * order-look-ahead.ts): its lines, their variants, the variants' products.
 */
export type OrderRelations = LineRelations;

export const noOrderRelations: OrderRelations = noLineRelations;

/** An order row read with `orderRelationColumns`. */
export type OrderRowWithRelations = WithLineRelations<OrderRow>;

/** The select-list additions (after the order's own columns, aliased `o`) that read `relations`. */
export function orderRelationColumns(relations: OrderRelations): Prisma.Sql {
  return lineRelationColumns(
    {
      json: orderLineJson,
      from: Prisma.sql`order_lines l WHERE l.order_id = o.id`,
      orderBy: Prisma.sql`l.position, l.id`,
    },
    relations,
  );
}
