import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import type { Prisma } from "../../generated/prisma/client";
import type { OrderStatus, WebhookEventType } from "../../generated/prisma/enums";
import { orderEventData, productEventData, type EventData } from "./webhook-event-data";
import type { WebhookDeliveries } from "./webhook-deliveries";

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
 * outbox, and each delivery's first attempt queued, by that transaction — a rolled-back
 * change emits nothing, a committed one cannot lose its event. Nothing is sent here.
 *
 * A change no endpoint subscribes to costs one statement (on a table of a few rows) and
 * writes nothing; a subscribed one, a read of the object, one INSERT of the event and its
 * deliveries, and one job per delivery.
 */
export class WebhookEvents {
  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly currencyCode: string,
  ) {}

  /** The order was placed (PENDING_PAYMENT) or has just reached `status`. */
  orderChanged(ctx: RequestContext, orderKey: string, status: OrderStatus): Promise<void> {
    return this.emit(ctx, orderEventTypes[status], (tx) => orderEventData(tx, orderKey));
  }

  /** Staff created, changed (the product or a variant) or archived the product. */
  productChanged(ctx: RequestContext, productKey: string, type: ProductEventType): Promise<void> {
    return this.emit(ctx, type, (tx) => productEventData(tx, productKey, this.currencyCode));
  }

  private async emit(
    ctx: RequestContext,
    type: WebhookEventType,
    load: (tx: Prisma.TransactionClient) => Promise<EventData>,
  ): Promise<void> {
    const tx = transactionOf(ctx);
    // No row lock: an endpoint deleted meanwhile leaves a delivery that finds nothing to do.
    const subscribers = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM webhook_endpoints WHERE active AND ${type}::"WebhookEventType" = ANY(events)`;
    if (subscribers.length === 0) return;
    const data = await load(tx);
    const deliveries = await tx.$queryRaw<{ id: string }[]>`
      WITH event AS (
        INSERT INTO outbox_events (id, type, data)
        VALUES (gen_random_uuid(), ${type}::"WebhookEventType", ${JSON.stringify(data)}::json)
        RETURNING id
      )
      INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
      SELECT gen_random_uuid(), event.id, endpoint_id
      FROM event, unnest(${subscribers.map((s) => s.id)}::uuid[]) AS endpoint_id
      RETURNING id`;
    await this.deliveries.start(
      ctx,
      deliveries.map((delivery) => delivery.id),
    );
  }
}
