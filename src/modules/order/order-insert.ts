import type { Prisma } from "../../generated/prisma/client";
import type { NormalizedAddress } from "../account/address-normalize";
import type { PricedOrder } from "../pricing/order-pricing";
import type { CartLineForCheckout } from "./checkout-cart";
import {
  orderColumns,
  orderLineJson,
  orderLineRowFromJson,
  type OrderLineRow,
  type OrderRow,
} from "./order-rows";

/** Everything an order is at checkout: later changes to prices, rates, methods or codes leave it be. */
export interface NewOrder {
  /** Made before the statement: the idempotency key stores it with its claim. */
  id: string;
  /** The cart it is made of, emptied (lines and code) by the same statement. */
  cartKey: string;
  email: string;
  userId: string | null;
  currencyCode: string;
  discountCode: string | null;
  shippingMethod: string;
  taxIncluded: boolean;
  shippingAddress: NormalizedAddress;
  lines: readonly CartLineForCheckout[];
  priced: PricedOrder;
}

/** An order as checkout placed it, with its lines. */
export interface PlacedOrder {
  order: OrderRow;
  lines: OrderLineRow[];
}

/**
 * Inserts the order and its lines, and empties the cart they came from (its lines, its
 * code), in ONE statement that returns the order and its lines as placed: checkout's answer
 * without a read after. Raw SQL, because Prisma plans neither a nested create nor createMany
 * once for all: it compiles them again on every call (createMany is never cached), which
 * cost checkout ~1 ms of CPU per order. The statement's shape is the same for any number of
 * lines (arrays unnested).
 */
export async function insertOrder(tx: Prisma.TransactionClient, order: NewOrder): Promise<PlacedOrder> {
  const { priced, lines } = order;
  const column = <T>(pick: (line: CartLineForCheckout, index: number) => T): T[] => lines.map(pick);
  const [placed] = await tx.$queryRaw<(OrderRow & { lines: unknown[] })[]>`
    WITH placed AS (
      INSERT INTO orders (id, email, user_id, currency_code, subtotal_amount, discount_code, discount_amount,
                          shipping_method, shipping_amount, tax_amount, tax_included, total_amount,
                          shipping_address, updated_at)
      VALUES (${order.id}::uuid, ${order.email}, ${order.userId}::uuid, ${order.currencyCode}, ${priced.subtotal},
              ${order.discountCode}, ${priced.discountTotal}, ${order.shippingMethod}, ${priced.shippingTotal},
              ${priced.taxTotal}, ${order.taxIncluded}, ${priced.total},
              ${JSON.stringify(order.shippingAddress)}::jsonb, now())
      RETURNING *
    ), placed_lines AS (
      INSERT INTO order_lines (order_id, variant_id, product_id, product_name, sku, quantity, unit_price_amount,
                               line_total_amount, discount_amount, tax_rate_basis_points, tax_amount, position)
      SELECT placed.id, l.*
      FROM placed, unnest(
        ${column((l) => l.variantId)}::uuid[], ${column((l) => l.productId)}::uuid[],
        ${column((l) => l.productName)}::text[], ${column((l) => l.sku)}::text[],
        ${column((l) => l.quantity)}::int[], ${column((l) => l.priceAmount)}::int[],
        ${column((l) => l.lineTotal)}::int[], ${column((_, i) => priced.lines[i]!.discountAmount)}::int[],
        ${column((_, i) => priced.lines[i]!.taxRateBasisPoints)}::int[],
        ${column((_, i) => priced.lines[i]!.taxAmount)}::int[], ${column((_, i) => i)}::int[]
      ) AS l
      RETURNING *
    ), emptied AS (
      DELETE FROM cart_lines WHERE cart_id = ${order.cartKey}::uuid
    ), unlinked AS (
      UPDATE carts SET discount_code_id = NULL, updated_at = now()
      WHERE id = ${order.cartKey}::uuid AND discount_code_id IS NOT NULL
    )
    SELECT ${orderColumns}, (SELECT json_agg(${orderLineJson} ORDER BY l.position, l.id) FROM placed_lines l) AS lines
    FROM placed o`;
  const { lines: placedLines, ...row } = placed!;
  return { order: row, lines: placedLines.map(orderLineRowFromJson) };
}
