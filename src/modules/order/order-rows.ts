import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import type { Order, OrderLine } from "../../generated/prisma/client";

/**
 * An order as every read returns it, raw SQL or Prisma: the Prisma model minus whether its
 * prices included tax, which only checkout's arithmetic needs.
 */
export type OrderRow = RowOf<Order, "taxIncluded">;

/**
 * The one place an order column meets its field. A new column of the model fails to compile
 * here until it is read (a line below) or left out (unread in `OrderRow`).
 */
const orderColumnMap = {
  id: "id",
  number: "number",
  status: "status",
  email: "email",
  userId: "user_id",
  currencyCode: "currency_code",
  subtotalAmount: "subtotal_amount",
  discountCode: "discount_code",
  discountAmount: "discount_amount",
  shippingMethod: "shipping_method",
  shippingAmount: "shipping_amount",
  taxAmount: "tax_amount",
  totalAmount: "total_amount",
  shippingAddress: "shipping_address",
  createdAt: "created_at",
  updatedAt: "updated_at",
} as const satisfies ColumnMap<OrderRow>;

export const orderSelect = prismaSelect(orderColumnMap);

/** An order's columns as raw reads select them (aliased `o`), rows already `OrderRow`s. */
export const orderColumns = selectList(orderColumnMap, "o");

/** An order line as every read returns it: its product key and position are bookkeeping. */
export type OrderLineRow = RowOf<OrderLine, "productId" | "position">;

const orderLineColumnMap = {
  id: "id",
  orderId: "order_id",
  variantId: "variant_id",
  productName: "product_name",
  sku: "sku",
  quantity: "quantity",
  unitPriceAmount: "unit_price_amount",
  lineTotalAmount: "line_total_amount",
  discountAmount: "discount_amount",
  taxRateBasisPoints: "tax_rate_basis_points",
  taxAmount: "tax_amount",
} as const satisfies ColumnMap<OrderLineRow>;

export const orderLineSelect = prismaSelect(orderLineColumnMap);

/** An order line as one JSON value (aliased `l`), for reads that return lines inside their order. */
export const orderLineJson = jsonObjectOf(orderLineColumnMap, "l");

/** A line of `orderLineJson`, as an `OrderLineRow` (it has no timestamps). */
export function orderLineRowFromJson(json: unknown): OrderLineRow {
  return rowFromJson<OrderLineRow>(json, []);
}
