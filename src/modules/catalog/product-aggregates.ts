import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";

/**
 * Recomputes the denormalised price range and stock flag of these products from their
 * variants, in ONE statement. Call it inside the transaction that changed variant prices
 * or stock (catalog writes, checkout, cancellations), so listings never see a product
 * whose aggregates disagree with its variants.
 *
 * A product without variants gets 0 / 0 / out of stock. Rows whose values are already
 * right are not written, so a stock change that leaves a product in stock costs no
 * update of the product row (no churn on the listing indexes under checkout load).
 *
 * @returns the number of products whose aggregates changed.
 */
export async function refreshProductAggregates(
  ctx: RequestContext,
  productIds: readonly string[],
): Promise<number> {
  const ids = [...new Set(productIds)].sort();
  if (ids.length === 0) return 0;
  return transactionOf(ctx).$executeRaw(Prisma.sql`
    UPDATE products p
    SET min_price_amount = agg.min_price,
        max_price_amount = agg.max_price,
        in_stock = agg.in_stock,
        updated_at = now()
    FROM (
      SELECT ids.id,
             coalesce(min(v.price_amount), 0) AS min_price,
             coalesce(max(v.price_amount), 0) AS max_price,
             coalesce(bool_or(v.quantity_available > 0), false) AS in_stock
      FROM unnest(ARRAY[${Prisma.join(ids)}]::uuid[]) AS ids(id)
      LEFT JOIN product_variants v ON v.product_id = ids.id
      GROUP BY ids.id
    ) agg
    WHERE p.id = agg.id
      AND (p.min_price_amount, p.max_price_amount, p.in_stock)
          IS DISTINCT FROM (agg.min_price, agg.max_price, agg.in_stock)`);
}
