import { isStaff, type Viewer } from "../../auth/viewer";
import type { Db } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
import type { OrderStatus } from "../../generated/prisma/enums";
import { claimKeySql, type IdempotentRequest } from "../order/idempotency";
import { paymentColumns, type PaymentRow } from "./payment.type";

/** What the one statement recording a payment intent saw, and what it wrote. */
export interface PaymentIntentRecord {
  /** The order, locked; null when there is none. */
  order: { status: OrderStatus; userId: string | null } | null;
  /** The PENDING payment written, with the key claimed; null when nothing was written. */
  payment: PaymentRow | null;
}

type RecordRow = { order: PaymentIntentRecord["order"] } & (PaymentRow | { [F in keyof PaymentRow]: null });

/**
 * Records the intent to pay an order in ONE statement (its own transaction: no BEGIN/COMMIT):
 * the order's row is locked (`FOR UPDATE`, queueing with its transitions), and only when the
 * caller may see it (as `canSeeOrder`) and it is PENDING_PAYMENT is the idempotency key
 * claimed, storing the answer, and a PENDING payment of the order's total written under the
 * id given. Everything or nothing: one attempt at a time per order is the unique index
 * `payments_one_pending_per_order`, whose violation (another attempt PENDING, committed
 * before or racing) fails the statement, key claim included. The caller reads why nothing
 * was written from what the statement saw, and a replay's answer with `storedResponse`.
 */
export async function recordPaymentIntent(
  db: Db,
  viewer: Viewer,
  intent: { orderKey: string; paymentId: string; gateway: string; request: IdempotentRequest },
): Promise<PaymentIntentRecord> {
  const { orderKey, paymentId, gateway, request } = intent;
  const [row] = await db.$queryRaw<RecordRow[]>`
    WITH o AS (
      SELECT id, status, user_id, total_amount, currency_code FROM orders WHERE id = ${orderKey}::uuid FOR UPDATE
    ), payable AS (
      SELECT * FROM o
      WHERE status = 'PENDING_PAYMENT'
        AND (user_id IS NULL OR user_id = ${viewer.userId}::uuid OR ${isStaff(viewer)})
    ), claim AS (
      ${claimKeySql(request, { paymentId }, Prisma.sql`payable`)}
    ), p AS (
      INSERT INTO payments (id, order_id, gateway, amount, currency_code, updated_at)
      SELECT ${paymentId}::uuid, payable.id, ${gateway}, payable.total_amount, payable.currency_code, now()
      FROM payable, claim
      RETURNING *
    )
    SELECT (SELECT json_build_object('status', status, 'userId', user_id) FROM o) AS "order", ${paymentColumns}
    FROM (SELECT) AS one LEFT JOIN p ON true`;
  const { order, ...payment } = row!;
  return { order, payment: payment.id === null ? null : payment };
}
