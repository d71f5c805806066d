import type { Context } from "../../context";
import { mapPageNodes, type Page } from "../../graphql/connection";
import { fieldsNamed, type ResolveTree } from "../../graphql/selection";
import { primeLineVariants } from "../catalog/product-look-ahead";
import { noOrderRelations, type OrderRelations, type OrderRowWithRelations } from "./order-relations";
import { orderLineRowFromJson, type OrderRow } from "./order-rows";

/** The relations that selections of orders (each the selection of a field whose value is an Order) ask for. */
export function selectedOrderRelations(ctx: Context, orders: readonly ResolveTree[]): OrderRelations {
  if (!ctx.lookAhead) return noOrderRelations;
  const lines = orders.flatMap((order) => fieldsNamed(order, "Order", "lines"));
  const variants = lines.flatMap((line) => fieldsNamed(line, "OrderLine", "variant"));
  const products = variants.flatMap((variant) => fieldsNamed(variant, "ProductVariant", "product"));
  return { lines: lines.length > 0, variants: variants.length > 0, products: products.length > 0 };
}

/**
 * Primes the request's loaders with the relations `order` carries (read with
 * `orderRelationColumns`, or by checkout; a loader keeps what it already holds); the plain row.
 */
export function primeOrder(
  ctx: Context,
  { relatedLines, relatedVariants, relatedProducts, ...order }: OrderRowWithRelations,
): OrderRow {
  if (relatedLines) ctx.loaders.linesByOrderId.prime(order.id, relatedLines.map(orderLineRowFromJson));
  primeLineVariants(ctx, { relatedVariants, relatedProducts });
  return order;
}

/** `primeOrder` for each order of `page`; the page of plain rows. */
export function primeOrderPage(ctx: Context, page: Page<OrderRowWithRelations>): Page<OrderRow> {
  return mapPageNodes(page, (orders) => orders.map((order) => primeOrder(ctx, order)));
}
