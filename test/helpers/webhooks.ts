import {
  CreateWebhookEndpointDocument,
  RedeliverWebhookDocument,
  UpdateWebhookEndpointDocument,
  WebhookDeliveriesDocument,
  type WebhookDeliveriesQueryVariables,
  type WebhookDeliveryFieldsFragment,
  type WebhookEventType,
} from "../../client";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";
import { waitFor } from "./wait-for";
import type { WebhookReceiver } from "./webhook-receiver";

/** Outbound webhooks through the SDK's operations (client/operations/webhooks.graphql), and the outbox's rows. */

/** A node that sends webhooks to receivers on 127.0.0.1, retrying fast: 3 attempts, endpoints off after 2 FAILED. */
export const webhookTestEnv = {
  BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS: "true",
  BAZAAR_WEBHOOK_BACKOFF_BASE_MS: "20",
  BAZAAR_WEBHOOK_MAX_ATTEMPTS: "3",
  BAZAAR_WEBHOOK_DISABLE_AFTER: "2",
};

export const allEventTypes: WebhookEventType[] = [
  "ORDER_CREATED",
  "ORDER_PAID",
  "ORDER_FULFILLED",
  "ORDER_CANCELLED",
  "ORDER_REFUNDED",
  "PRODUCT_CREATED",
  "PRODUCT_UPDATED",
  "PRODUCT_ARCHIVED",
];

export const createWebhookEndpoint = inputMutation(CreateWebhookEndpointDocument);
export const updateWebhookEndpoint = inputMutation(UpdateWebhookEndpointDocument);

/** Registers `receiver` for `events` as ADMIN and hands it the signing secret; returns the endpoint's id. */
export async function registerReceiver(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
  receiver: WebhookReceiver,
  events: WebhookEventType[] = allEventTypes,
): Promise<string> {
  const { endpoint, secret } = dataOf(
    await createWebhookEndpoint(t, adminToken, { url: receiver.url, events }),
  ).createWebhookEndpoint;
  receiver.useSecret(secret);
  return endpoint.id;
}

export function deliveriesQuery(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  variables: WebhookDeliveriesQueryVariables,
) {
  return t.graphql(WebhookDeliveriesDocument, variables, { token });
}

/** The endpoint's deliveries, newest first (up to 100), as ADMIN sees them. */
export async function deliveriesOf(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
  endpointId: string,
): Promise<WebhookDeliveryFieldsFragment[]> {
  const node = dataOf(await deliveriesQuery(t, adminToken, { endpointId, first: 100 })).node;
  if (!node || !("deliveries" in node)) throw new Error(`endpoint ${endpointId} is not visible`);
  return node.deliveries.edges.map((edge) => edge.node);
}

/** Waits until the endpoint's deliveries satisfy `done`. */
export function waitForDeliveries(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
  endpointId: string,
  done: (deliveries: WebhookDeliveryFieldsFragment[]) => boolean,
  timeoutMs = 15_000,
): Promise<WebhookDeliveryFieldsFragment[]> {
  return waitFor(() => deliveriesOf(t, adminToken, endpointId), done, timeoutMs);
}

export function redeliver(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  deliveryId: string,
): Promise<GraphQLResponse<{ redeliverWebhook: WebhookDeliveryFieldsFragment }>> {
  return t.graphql(RedeliverWebhookDocument, { deliveryId }, { token });
}

/** The outbox's events about the order or product with this global id, oldest first: their types. */
export async function eventTypesAbout(t: Pick<TestApp, "db">, globalId: string): Promise<string[]> {
  const rows = await t.db.prisma.$queryRaw<{ type: string }[]>`
    SELECT type::text FROM outbox_events
    WHERE coalesce(data->'order'->>'id', data->'product'->>'id') = ${globalId}
    ORDER BY created_at, id`;
  return rows.map((row) => row.type);
}

/** Rows in the outbox: events and deliveries. */
export async function outboxCounts(t: Pick<TestApp, "db">): Promise<{ events: number; deliveries: number }> {
  return {
    events: await t.db.prisma.outboxEvent.count(),
    deliveries: await t.db.prisma.webhookDelivery.count(),
  };
}
