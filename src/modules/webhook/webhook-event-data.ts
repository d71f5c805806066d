import type { Prisma } from "../../generated/prisma/client";
import type { WebhookEventType } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { selectList, type ColumnMap } from "../../db/column-map";
import { selectProductsBy, type ProductRow } from "../catalog/product-rows";
import { ProductType } from "../catalog/product.type";
import { selectVariantsBy, type VariantRow } from "../catalog/variant-rows";
import { ProductVariantType } from "../catalog/variant.type";
import { OrderLineType } from "../order/order-line.type";
import type { OrderLineRow, OrderRow } from "../order/order-rows";
import { OrderType } from "../order/order.type";

/**
 * What events carry, built from the API's own types so the two never drift: the object's
 * fields as GraphQL shows them (global ids, Money as {amount, currencyCode}, ISO dates),
 * with its relations as ids and its parts (an order's lines, a product's variants) inline.
 */
export type EventData = { order: Record<string, unknown> } | { product: Record<string, unknown> };

/** `ORDER_PAID` → `order.paid`, as the body's `type` says it. */
export function wireEventType(type: WebhookEventType): string {
  return type.toLowerCase().replace("_", ".");
}

/** Every field `OrderType.from` reads, by column: a field added to `orderSelect` fails to compile here until read. */
const orderColumns = {
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

const orderLineColumns = {
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

/**
 * The order with its lines in ONE raw statement: this runs in every checkout that an
 * endpoint subscribes to, and Prisma's nested read cost ~1.2 ms of CPU per call (measured),
 * several times the statement.
 */
export async function orderEventData(tx: Prisma.TransactionClient, orderKey: string): Promise<EventData> {
  const [row] = await tx.$queryRaw<(OrderRow & { lines: OrderLineRow[] })[]>`
    SELECT ${selectList(orderColumns, "o")},
      (SELECT coalesce(json_agg(l ORDER BY l.position), '[]')
       FROM (SELECT ${selectList(orderLineColumns, "ol")}, ol.position FROM order_lines ol WHERE ol.order_id = o.id) l
      ) AS lines
    FROM orders o WHERE o.id = ${orderKey}::uuid`;
  if (!row) throw new Error(`order ${orderKey} is gone from its own transaction`);
  const { key: _key, customerKey, addressSnapshot, ...order } = OrderType.from(row);
  const lines = row.lines.map((line) => {
    const { variantKey, ...fields } = OrderLineType.from(line, row.currencyCode);
    return { ...fields, variantId: variantKey && toGlobalId("ProductVariant", variantKey) };
  });
  return {
    order: {
      ...order,
      customerId: customerKey && toGlobalId("User", customerKey),
      shippingAddress: addressSnapshot,
      lines,
    },
  };
}

export async function productEventData(
  tx: Prisma.TransactionClient,
  productKey: string,
  currencyCode: string,
): Promise<EventData> {
  const [row] = await tx.$queryRaw<ProductRow[]>(selectProductsBy("id", [productKey]));
  const variantRows = await tx.$queryRaw<VariantRow[]>(selectVariantsBy("product_id", [productKey]));
  if (!row) throw new Error(`product ${productKey} is gone from its own transaction`);
  const { key: _key, categoryKey, taxClassKey, ...product } = ProductType.from(row, currencyCode);
  const variants = variantRows.map((variant) => {
    const {
      key: _variantKey,
      productKey: _productKey,
      ...fields
    } = ProductVariantType.from(variant, currencyCode);
    return fields;
  });
  return {
    product: {
      ...product,
      categoryId: categoryKey && toGlobalId("Category", categoryKey),
      taxClassId: taxClassKey && toGlobalId("TaxClass", taxClassKey),
      variants,
    },
  };
}
