import type { OrderStatus } from "../../generated/prisma/enums";
import { conflict } from "../../graphql/errors";

/** What can happen to an order. */
export type OrderEvent = "PAYMENT_SUCCEEDED" | "FULFIL" | "CANCEL" | "REFUND";

/**
 * The order lifecycle, whole:
 *   PENDING_PAYMENT → PAID → FULFILLED
 *   PENDING_PAYMENT → CANCELLED   (customer, staff or the unpaid-order sweeper; stock returned)
 *   PAID → REFUNDED               (staff, through the gateway; stock returned)
 * Anything else is illegal.
 */
const transitions: Record<OrderStatus, Partial<Record<OrderEvent, OrderStatus>>> = {
  PENDING_PAYMENT: { PAYMENT_SUCCEEDED: "PAID", CANCEL: "CANCELLED" },
  PAID: { FULFIL: "FULFILLED", REFUND: "REFUNDED" },
  FULFILLED: {},
  CANCELLED: {},
  REFUNDED: {},
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextStatus(from: OrderStatus, event: OrderEvent): OrderStatus | null {
  return transitions[from][event] ?? null;
}

/** Like nextStatus, but an illegal transition is a CONFLICT for the caller. */
export function requireNextStatus(from: OrderStatus, event: OrderEvent): OrderStatus {
  const to = nextStatus(from, event);
  if (to === null) throw conflict(`An order that is ${from} cannot be ${eventVerb[event]}.`);
  return to;
}

const eventVerb: Record<OrderEvent, string> = {
  PAYMENT_SUCCEEDED: "paid",
  FULFIL: "fulfilled",
  CANCEL: "cancelled",
  REFUND: "refunded",
};

/** Events after which the order's reserved stock goes back on the shelf. */
export function returnsStock(event: OrderEvent): boolean {
  return event === "CANCEL" || event === "REFUND";
}
