import { Prisma } from "../../generated/prisma/client";
import type { NormalizedAddress } from "../account/address-normalize";
import type { PricedOrder } from "../pricing/order-pricing";
import type { CartLineForCheckout } from "./checkout-cart";
import { lineVariantColumns } from "../catalog/line-relations";
import type { OrderRelations, OrderRowWithRelations } from "./order-relations";
import { orderColumns, orderLineJson } from "./order-rows";

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

/**
 * Inserts the order and its lines, and empties the cart they came from (its lines, its
 * code), in ONE statement that returns the order with its lines as placed, and the lines'
 * variants and products as they now are when `relations` asks for them: checkout's answer
 * without a read after (call it once the stock and the products' aggregates are updated). Raw SQL, because Prisma plans neither a nested create nor createMany
 * once for all: it compiles them again on every call (createMany is never cached), which
 * cost checkout ~1 ms of CPU per order. The statement's shape is the same for any number of
 * lines (arrays unnested).
 */
export async function insertOrder(
  tx: Prisma.TransactionClient,
  order: NewOrder,
  relations: OrderRelations,
): Promise<OrderRowWithRelations> {
  const { priced, lines } = order;
  const column = <T>(pick: (line: CartLineForCheckout, index: number) => T): T[] => lines.map(pick);
  const [placed] = await tx.$queryRaw<OrderRowWithRelations[]>`
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
    SELECT ${orderColumns},
           (SELECT json_agg(${orderLineJson} ORDER BY l.position, l.id) FROM placed_lines l) AS "relatedLines"
           ${placedRelationColumns(relations)}
    FROM placed o`;
  return placed!;
}

/** The variants and products of the lines being placed (`placed_lines`: not yet in `order_lines`). */
function placedRelationColumns(relations: OrderRelations): Prisma.Sql {
  const columns = lineVariantColumns(Prisma.sql`SELECT variant_id FROM placed_lines`, relations);
  return columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns)}`;
}
