import type { Db } from "../../db/transactions";
import type { Prisma } from "../../generated/prisma/client";

/**
 * The ledger of codes used by orders. `discount_codes.times_used` counts the unreleased
 * uses; both change together, in the transaction of the order that uses or gives back the
 * code, so the count and the ledger never disagree.
 */

/** Orders of this customer (a normalised email) that hold a use of the code. */
export function usesByCustomer(db: Db, discountCodeId: string, customerEmail: string): Promise<number> {
  return db.discountCodeUse.count({ where: { discountCodeId, customerEmail, releasedAt: null } });
}

/** Records the order's use of the code and counts it, in one statement. Run under the code row's lock (see checkout). */
export async function recordDiscountUse(
  tx: Prisma.TransactionClient,
  use: { discountCodeId: string; orderId: string; customerEmail: string },
): Promise<void> {
  await tx.$executeRaw`
    WITH used AS (
      INSERT INTO discount_code_uses (id, discount_code_id, order_id, customer_email)
      VALUES (gen_random_uuid(), ${use.discountCodeId}::uuid, ${use.orderId}::uuid, ${use.customerEmail})
      RETURNING discount_code_id
    )
    UPDATE discount_codes SET times_used = times_used + 1, updated_at = now()
    WHERE id IN (SELECT discount_code_id FROM used)`;
}

/**
 * Gives the order's use back to its code, once: the use is marked released and the
 * count lowered in one statement, and only a use not yet released counts, so a second
 * call (a racing cancel is held off by the order's lock first) changes nothing.
 */
export async function releaseDiscountUse(tx: Prisma.TransactionClient, orderId: string): Promise<void> {
  await tx.$executeRaw`
    WITH released AS (
      UPDATE discount_code_uses SET released_at = now()
      WHERE order_id = ${orderId}::uuid AND released_at IS NULL
      RETURNING discount_code_id
    )
    UPDATE discount_codes SET times_used = times_used - 1, updated_at = now()
    WHERE id IN (SELECT discount_code_id FROM released)`;
}
