import { Prisma } from "../../generated/prisma/client";
import type { WebhookEventType } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { dateTimeSql, globalIdSql, hundredthsSql, jsonObjectSql, moneySql } from "../../graphql/sql-formats";
import { selectProductsBy, type ProductRow } from "../catalog/product-rows";
import { ProductType } from "../catalog/product.type";
import { selectVariantsBy, type VariantRow } from "../catalog/variant-rows";
import { ProductVariantType } from "../catalog/variant.type";
import type { OrderLineType } from "../order/order-line.type";
import { orderNumberSql, type OrderType } from "../order/order.type";

/**
 * What events carry, held to the API's own types so the two never drift: the object's
 * fields as GraphQL shows them (global ids, Money as {amount, currencyCode}, ISO dates),
 * with its relations as ids and its parts (an order's lines, a product's variants) inline.
 */
export type EventData = { order: Record<string, unknown> } | { product: Record<string, unknown> };

/** `ORDER_PAID` → `order.paid`, as the body's `type` says it. */
export function wireEventType(type: WebhookEventType): string {
  return type.toLowerCase().replace("_", ".");
}

/**
 * The order's fields as events carry them, as SQL over `orders o`: those of the API's `Order`
 * (a field added to `OrderType` fails to compile here until the event carries it), in the
 * order the wire format has always had them.
 */
const orderFields = {
  id: globalIdSql("Order", "o.id"),
  number: orderNumberSql("o.number"),
  status: "o.status",
  email: "o.email",
  subtotal: moneySql("o.subtotal_amount", "o.currency_code"),
  discountCode: "o.discount_code",
  discountTotal: moneySql("o.discount_amount", "o.currency_code"),
  shippingMethod: "o.shipping_method",
  shippingTotal: moneySql("o.shipping_amount", "o.currency_code"),
  taxTotal: moneySql("o.tax_amount", "o.currency_code"),
  total: moneySql("o.total_amount", "o.currency_code"),
  createdAt: dateTimeSql("o.created_at"),
  updatedAt: dateTimeSql("o.updated_at"),
} as const satisfies Record<Exclude<keyof OrderType, "key" | "customerKey" | "addressSnapshot">, string>;

/** A line's fields as events carry them, as SQL over `order_lines l` of `orders o`: those of the API's `OrderLine`. */
const orderLineFields = {
  id: globalIdSql("OrderLine", "l.id"),
  productName: "l.product_name",
  sku: "l.sku",
  quantity: "l.quantity",
  unitPrice: moneySql("l.unit_price_amount", "o.currency_code"),
  lineTotal: moneySql("l.line_total_amount", "o.currency_code"),
  discountAmount: moneySql("l.discount_amount", "o.currency_code"),
  taxRate: hundredthsSql("l.tax_rate_basis_points"),
  taxAmount: moneySql("l.tax_amount", "o.currency_code"),
} as const satisfies Record<Exclude<keyof OrderLineType, "variantKey">, string>;

const orderJson = jsonObjectSql({
  ...orderFields,
  customerId: globalIdSql("User", "o.user_id"),
  shippingAddress: "o.shipping_address",
  lines: `(SELECT coalesce(json_agg(${jsonObjectSql({
    ...orderLineFields,
    variantId: globalIdSql("ProductVariant", "l.variant_id"),
  })} ORDER BY l.position), '[]') FROM order_lines l WHERE l.order_id = o.id)`,
});

/**
 * An order event's data as an SQL expression, built by PostgreSQL inside the statement that
 * writes the event: on checkout, the order is then never read back into Node just to be
 * turned into JSON again (a round trip and ~0.3 ms of CPU per checkout an endpoint subscribes to).
 */
export function orderEventData(orderKey: string): Prisma.Sql {
  return Prisma.sql`(SELECT json_build_object('order', ${Prisma.raw(orderJson)}) FROM orders o WHERE o.id = ${orderKey}::uuid)`;
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
