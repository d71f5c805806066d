import type { Prisma } from "../../generated/prisma/client";
import type { WebhookEventType } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { productSelect } from "../catalog/product-rows";
import { ProductType } from "../catalog/product.type";
import { variantSelect } from "../catalog/variant-rows";
import { ProductVariantType } from "../catalog/variant.type";
import { orderLineSelect, OrderLineType } from "../order/order-line.type";
import { orderSelect, OrderType } from "../order/order.type";

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

export async function orderEventData(tx: Prisma.TransactionClient, orderKey: string): Promise<EventData> {
  const row = await tx.order.findUniqueOrThrow({
    where: { id: orderKey },
    select: { ...orderSelect, lines: { select: orderLineSelect, orderBy: { position: "asc" } } },
  });
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
  const row = await tx.product.findUniqueOrThrow({
    where: { id: productKey },
    select: { ...productSelect, variants: { select: variantSelect, orderBy: { position: "asc" } } },
  });
  const { key: _key, categoryKey, taxClassKey, ...product } = ProductType.from(row, currencyCode);
  const variants = row.variants.map((variant) => {
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
