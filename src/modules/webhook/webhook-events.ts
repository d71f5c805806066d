import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
import type { OrderStatus, WebhookEventType } from "../../generated/prisma/enums";
import { currentTraceCarrier } from "../../observability/job-spans";
import { orderEventData, productEventData } from "./webhook-event-data";

/** The event an order's new status is: a new order is PENDING_PAYMENT. */
const orderEventTypes = {
  PENDING_PAYMENT: "ORDER_CREATED",
  PAID: "ORDER_PAID",
  FULFILLED: "ORDER_FULFILLED",
  CANCELLED: "ORDER_CANCELLED",
  REFUNDED: "ORDER_REFUNDED",
} as const satisfies Record<OrderStatus, WebhookEventType>;

export type ProductEventType = Extract<WebhookEventType, `PRODUCT_${string}`>;

/**
 * What services say about the changes webhook endpoints subscribe to, INSIDE the change's
 * transaction: the event and one delivery per active subscribed endpoint are written to the
 * outbox by that transaction — a rolled-back change emits nothing, a committed one cannot
 * lose its event. Nothing is sent or queued here: the deliveries are the queue (see
 * WebhookDeliveries), so writing them is all there is to do.
 *
 * An order event is ONE statement, subscribed or not: PostgreSQL finds the subscribers, builds
 * the event's data from the order and writes event and deliveries, or writes nothing. A
 * product event (staff's catalog writes) first asks whether anyone subscribes, as its data is
 * built in TypeScript.
 */
export class WebhookEvents {
  constructor(private readonly currencyCode: string) {}

  /** The order was placed (PENDING_PAYMENT) or has just reached `status`. */
  orderChanged(ctx: RequestContext, orderKey: string, status: OrderStatus): Promise<void> {
    return this.write(ctx, orderEventTypes[status], orderEventData(orderKey));
  }

  /** Staff created, changed (the product or a variant) or archived the product. */
  async productChanged(ctx: RequestContext, productKey: string, type: ProductEventType): Promise<void> {
    const tx = transactionOf(ctx);
    const [subscribed] = await tx.$queryRaw<{ any: boolean }[]>`
      SELECT EXISTS (${subscribers(type)}) AS any`;
    if (!subscribed?.any) return;
    const data = await productEventData(tx, productKey, this.currencyCode);
    await this.write(ctx, type, Prisma.sql`${JSON.stringify(data)}::json`);
  }

  /**
   * Writes the event with `data` (an SQL expression of its JSON, evaluated only when an active
   * endpoint subscribes to `type`) and a delivery per such endpoint, each due at once.
   */
  private async write(ctx: RequestContext, type: WebhookEventType, data: Prisma.Sql): Promise<void> {
    const trace = currentTraceCarrier();
    // No row lock on the endpoints: one deleted meanwhile leaves a delivery that finds nothing to do.
    await transactionOf(ctx).$executeRaw`
      WITH subscriber AS (${subscribers(type)}),
      event AS (
        INSERT INTO outbox_events (id, type, data, trace)
        SELECT gen_random_uuid(), ${type}::"WebhookEventType", ${data},
          ${Object.keys(trace).length > 0 ? JSON.stringify(trace) : null}::jsonb
        WHERE EXISTS (SELECT FROM subscriber)
        RETURNING id
      )
      INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
      SELECT gen_random_uuid(), event.id, subscriber.id FROM event, subscriber`;
  }
}

/** The active endpoints subscribed to `type` (a table of a few rows). */
function subscribers(type: WebhookEventType): Prisma.Sql {
  return Prisma.sql`SELECT id FROM webhook_endpoints WHERE active AND ${type}::"WebhookEventType" = ANY(events)`;
}
