import type { Prisma } from "../../generated/prisma/client";
import type { NormalizedAddress } from "../account/address-normalize";
import type { PricedOrder } from "../pricing/order-pricing";
import type { CartLineForCheckout } from "./checkout-cart";

/** Everything an order is at checkout: later changes to prices, rates, methods or codes leave it be. */
export interface NewOrder {
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

/**
 * Inserts the order and its lines in ONE statement and returns the order's id. Raw SQL,
 * because Prisma plans neither a nested create nor createMany once for all: it compiles
 * them again on every call (createMany is never cached), which cost checkout ~1 ms of CPU
 * per order. The statement's shape is the same for any number of lines (arrays unnested).
 */
export async function insertOrder(tx: Prisma.TransactionClient, order: NewOrder): Promise<string> {
  const { priced, lines } = order;
  const column = <T>(pick: (line: CartLineForCheckout, index: number) => T): T[] => lines.map(pick);
  const [placed] = await tx.$queryRaw<{ id: string }[]>`
    WITH placed AS (
      INSERT INTO orders (id, email, user_id, currency_code, subtotal_amount, discount_code, discount_amount,
                          shipping_method, shipping_amount, tax_amount, tax_included, total_amount,
                          shipping_address, updated_at)
      VALUES (gen_random_uuid(), ${order.email}, ${order.userId}::uuid, ${order.currencyCode}, ${priced.subtotal},
              ${order.discountCode}, ${priced.discountTotal}, ${order.shippingMethod}, ${priced.shippingTotal},
              ${priced.taxTotal}, ${order.taxIncluded}, ${priced.total},
              ${JSON.stringify(order.shippingAddress)}::jsonb, now())
      RETURNING id
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
    )
    SELECT id FROM placed`;
  return placed!.id;
}
