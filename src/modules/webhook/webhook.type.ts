import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { WebhookDeliveryStatus, WebhookEventType } from "../../generated/prisma/enums";
import { connectionType, type Connection, type Page } from "../../graphql/connection";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

registerEnumType(WebhookEventType, {
  name: "WebhookEventType",
  description:
    'Each event is POSTed as JSON {"id", "type", "createdAt", "data"} where type is the enum value in lower case with a dot (ORDER_PAID -> "order.paid") and data holds the object ({"order": {...}} or {"product": {...}}, ids as global ids). Headers: Bazaar-Event-Id, and Bazaar-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>. A 2xx answer is a delivery; anything else is retried with exponential backoff.',
  valuesConfig: {
    ORDER_CREATED: { description: "Checkout placed an order (PENDING_PAYMENT)." },
    ORDER_PAID: { description: "The order's payment succeeded." },
    ORDER_FULFILLED: { description: "Staff fulfilled the order." },
    ORDER_CANCELLED: { description: "Cancelled by its customer, staff, or as unpaid for too long." },
    ORDER_REFUNDED: { description: "Staff refunded the order." },
    PRODUCT_CREATED: { description: "Staff created a product." },
    PRODUCT_UPDATED: { description: "Staff changed a product or one of its variants." },
    PRODUCT_ARCHIVED: { description: "Staff archived a product." },
  },
});
registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not answered 2xx yet; more attempts will be made." },
    SUCCEEDED: { description: "The endpoint answered 2xx." },
    FAILED: { description: "The last attempt failed: no more will be made (redeliverWebhook starts anew)." },
  },
});

export const webhookEndpointSelect = {
  id: true,
  url: true,
  events: true,
  active: true,
  disabledReason: true,
  createdAt: true,
} as const satisfies Prisma.WebhookEndpointSelect;
export type WebhookEndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof webhookEndpointSelect }>;

export const webhookDeliverySelect = {
  id: true,
  eventId: true,
  endpointId: true,
  status: true,
  attempts: true,
  responseStatus: true,
  lastError: true,
  nextAttemptAt: true,
  deliveredAt: true,
  createdAt: true,
  event: { select: { type: true } },
} as const satisfies Prisma.WebhookDeliverySelect;
export type WebhookDeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof webhookDeliverySelect }>;

@ObjectType("WebhookEndpoint", {
  simpleResolvers: true,
  implements: Node,
  description: "Where Bazaar sends the events ADMIN subscribed it to.",
})
export class WebhookEndpointType extends Node {
  /** Database key, for the deliveries field; not part of the schema. */
  key: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Where events are POSTed." })
  url: string;

  @Field(() => [WebhookEventType], { description: "The events it receives." })
  events: WebhookEventType[];

  @Field({ description: "Off: no events are sent to it." })
  active: boolean;

  @Field(() => String, {
    nullable: true,
    description: "Why Bazaar turned the endpoint off (after repeated failures), or null.",
  })
  disabledReason: string | null;

  @Field({ description: "When it was registered." })
  createdAt: Date;

  static from(row: WebhookEndpointRow): WebhookEndpointType {
    return Object.assign(new WebhookEndpointType(), {
      key: row.id,
      id: toGlobalId("WebhookEndpoint", row.id),
      url: row.url,
      events: row.events,
      active: row.active,
      disabledReason: row.disabledReason,
      createdAt: row.createdAt,
    });
  }
}

@ObjectType("WebhookDelivery", {
  simpleResolvers: true,
  implements: Node,
  description: "One event sent to one endpoint: its attempts and how they ended.",
})
export class WebhookDeliveryType extends Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "The event's id: the same on every retry and redelivery." })
  eventId: string;

  @Field(() => WebhookEventType, { description: "What happened." })
  eventType: WebhookEventType;

  @Field(() => WebhookDeliveryStatus, {
    description: "PENDING until a 2xx (SUCCEEDED) or the last attempt failed (FAILED).",
  })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: "Attempts made so far." })
  attempts: number;

  @Field(() => Int, {
    nullable: true,
    description: "HTTP status of the last attempt; null when none answered.",
  })
  responseStatus: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Why the last attempt failed, in short (never the response body); null after a 2xx.",
  })
  lastError: string | null;

  @Field(() => Date, { nullable: true, description: "When the next attempt is due; null when none is." })
  nextAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When the endpoint answered 2xx." })
  deliveredAt: Date | null;

  @Field({ description: "When the event was queued for this endpoint." })
  createdAt: Date;

  static from(row: WebhookDeliveryRow): WebhookDeliveryType {
    return Object.assign(new WebhookDeliveryType(), {
      id: toGlobalId("WebhookDelivery", row.id),
      eventId: row.eventId,
      eventType: row.event.type,
      status: row.status,
      attempts: row.attempts,
      responseStatus: row.responseStatus,
      lastError: row.lastError,
      nextAttemptAt: row.nextAttemptAt,
      deliveredAt: row.deliveredAt,
      createdAt: row.createdAt,
    });
  }
}

export const WebhookDeliveryConnection = connectionType(WebhookDeliveryType, "WebhookDelivery");

export function toWebhookDeliveryConnection(page: Page<WebhookDeliveryRow>): Connection<WebhookDeliveryType> {
  return WebhookDeliveryConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({ node: WebhookDeliveryType.from(node), cursor })),
  });
}

@ObjectType("CreateWebhookEndpointPayload", {
  simpleResolvers: true,
  description: "A new endpoint and its signing secret.",
})
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpointType, { description: "The endpoint." })
  endpoint: WebhookEndpointType;

  @Field({ description: "The signing secret: shown only here." })
  secret: string;
}
