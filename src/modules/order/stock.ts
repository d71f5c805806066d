import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";

export interface StockClaim {
  variantId: string;
  quantity: number;
}

/**
 * Takes units off the shelf for an order, all or nothing. Variants are locked in id order
 * (so two checkouts over the same variants queue instead of deadlocking), then each is
 * decremented only where `quantity_available >= n`: concurrent checkouts can never
 * oversell. Returns the ids of the variants that were short (empty: all reserved). On a
 * shortage the caller must roll the transaction back.
 */
export async function reserveStock(ctx: RequestContext, claims: StockClaim[]): Promise<string[]> {
  const tx = transactionOf(ctx);
  const ids = claims.map((c) => c.variantId);
  // One statement: the UPDATE writes only rows the CTE locked, and the CTE locks them in id
  // order; each row's stock is re-checked on its latest version (the one locked), whatever
  // the statement's snapshot saw before the locks were granted.
  const reserved = await tx.$queryRaw<{ id: string }[]>`
    WITH locked AS MATERIALIZED (
      SELECT id FROM product_variants WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE
    )
    UPDATE product_variants v
    SET quantity_available = v.quantity_available - c.quantity, updated_at = now()
    FROM locked JOIN unnest(${ids}::uuid[], ${claims.map((c) => c.quantity)}::int[]) AS c(id, quantity)
      ON c.id = locked.id
    WHERE v.id = locked.id AND v.quantity_available >= c.quantity
    RETURNING v.id`;
  const reservedIds = new Set(reserved.map((r) => r.id));
  return ids.filter((id) => !reservedIds.has(id));
}

/** Puts an order's units back on the shelf (cancellation, refund). Returns the product ids touched. */
export async function releaseOrderStock(ctx: RequestContext, orderId: string): Promise<string[]> {
  const released = await transactionOf(ctx).$queryRaw<{ product_id: string }[]>`
    UPDATE product_variants v
    SET quantity_available = v.quantity_available + l.quantity, updated_at = now()
    FROM (SELECT variant_id, sum(quantity)::int AS quantity FROM order_lines
          WHERE order_id = ${orderId}::uuid AND variant_id IS NOT NULL GROUP BY variant_id) l
    WHERE v.id = l.variant_id
    RETURNING v.product_id`;
  return released.map((r) => r.product_id);
}
