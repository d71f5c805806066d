import { randomUUID } from "node:crypto";
import {
  PayOrderDocument,
  type OrderFieldsFragment,
  type OrderStatus,
  type PaymentFieldsFragment,
  type PayOrderInput,
  type PaymentStatus,
  type RefundOrderMutation,
} from "../../client";
import { signWebhook } from "../../src/modules/payment/webhook-signature";
import { keyOf } from "./ids";
import { orderTransition, placeOrder, readOrder } from "./orders";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import { startTestApp, useStarted, type GraphQLResponse, type TestApp } from "./test-app";
import { waitFor } from "./wait-for";
import {
  startWebhookSink,
  type Delivery,
  type EventData,
  type WebhookSink,
  type WebhookSinkOptions,
} from "./webhook-sink";

/** Payments through the SDK's operations (client/operations/orders.graphql), their rows, and signed webhooks. */

export const webhookSecret = "whsec_test_payments";

export function payInput(
  orderId: string,
  paymentToken = "tok_visa",
  idempotencyKey: string = randomUUID(),
): PayOrderInput {
  return { orderId, paymentToken, idempotencyKey };
}

export const payOrder = inputMutation(PayOrderDocument);

export async function payOrderOk(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  input: PayOrderInput,
): Promise<PaymentFieldsFragment> {
  return dataOf(await payOrder(t, token, input)).payOrder;
}

/** The SDK's `RefundOrder` (staff). */
export function refundOrder(
  t: TestApp,
  token: string | undefined,
  orderId: string,
): Promise<GraphQLResponse<RefundOrderMutation>> {
  return orderTransition(t, "refundOrder", token, orderId);
}

/** The order (with its payments) as `token` sees it; fails when it cannot see it. */
export async function orderPayments(
  t: TestApp,
  orderId: string,
  token?: string,
): Promise<OrderFieldsFragment> {
  const order = dataOf(await readOrder(t, orderId, token)).order;
  if (!order) throw new Error(`order ${orderId} is not visible`);
  return order;
}

/** Waits until the order's status and its newest payment's status are as given. */
export function waitForOrder(
  t: TestApp,
  orderId: string,
  token: string | undefined,
  status: OrderStatus,
  paymentStatus: PaymentStatus,
): Promise<OrderFieldsFragment> {
  return waitFor(
    () => orderPayments(t, orderId, token),
    (order) => order.status === status && order.payments.at(-1)?.status === paymentStatus,
  );
}

/** An order placed and paid with tok_visa, once the gateway's own webhook has made it PAID. */
export async function paidOrder(
  t: TestApp,
  token: string | undefined,
  lines: [{ id: string }, number][],
): Promise<OrderFieldsFragment> {
  const order = await placeOrder(t, token, lines);
  await payOrderOk(t, token, payInput(order.id));
  await waitForOrder(t, order.id, token, "PAID", "SUCCEEDED");
  return order;
}

// ---- payment rows ----

export function paymentRow(t: TestApp, paymentId: string) {
  return t.db.prisma.payment.findUniqueOrThrow({ where: { id: keyOf(paymentId) } });
}

/**
 * The order's payment rows, oldest first. `payOrder` answers only once the gateway's id for
 * the payment is recorded, so every row a test sees after it has one.
 */
export async function paymentRowsOf(t: Pick<TestApp, "db">, orderId: string) {
  const rows = await t.db.prisma.payment.findMany({
    where: { orderId: keyOf(orderId) },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ providerRef, ...row }) => {
    if (providerRef === null) throw new Error(`payment ${row.id} has no gateway id`);
    return { ...row, providerRef };
  });
}

export async function orderStatusOf(t: Pick<TestApp, "db">, orderId: string): Promise<OrderStatus> {
  return (await t.db.prisma.order.findUniqueOrThrow({ where: { id: keyOf(orderId) } })).status;
}

/** Moves an order's creation back in time, so the unpaid-order sweeper sees it as stale. */
export async function ageOrder(t: Pick<TestApp, "db">, orderId: string, minutes = 2): Promise<void> {
  await t.db.prisma.$executeRawUnsafe(
    `UPDATE orders SET created_at = now() - interval '${minutes} minutes' WHERE id = $1::uuid`,
    keyOf(orderId),
  );
}

// ---- webhooks ----

/** An event body signed with `secret` (at `now`), as the gateway would send it. */
export function signedEvent(event: EventData, secret = webhookSecret, now = Date.now()): Delivery {
  const body = JSON.stringify(event);
  return { body, signature: signWebhook(secret, body, now) };
}

/** A succeeded event for a payment row, with the amount Bazaar asked for unless overridden. */
export function eventFor(
  row: { providerRef: string; amount: number; currencyCode: string },
  overrides: Partial<EventData> = {},
): EventData {
  return {
    id: `evt_${randomUUID()}`,
    type: "payment.succeeded",
    providerRef: row.providerRef,
    amount: row.amount,
    currencyCode: row.currencyCode,
    ...overrides,
  };
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs a webhook to the app as a gateway would (no signature header when `signature` is null). */
export async function postWebhook(
  t: TestApp,
  delivery: { body: string; signature: string | null },
  gateway = "test",
): Promise<WebhookAnswer> {
  const response = await fetch(`${t.baseUrl}/webhooks/payments/${gateway}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(delivery.signature === null ? {} : { "bazaar-signature": delivery.signature }),
    },
    body: delivery.body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export function webhookEventCount(t: TestApp): Promise<number> {
  return t.db.prisma.webhookEvent.count();
}

/**
 * The app with its gateway calling back into a sink, for the enclosing block (see
 * `useStarted`): each webhook reaches the app only when the test forwards it.
 */
export function useHeldApp(
  env: Record<string, string> = {},
  sinkOptions: WebhookSinkOptions = {},
): { t: TestApp; sink: WebhookSink } {
  const t = {} as TestApp;
  const sink = {} as WebhookSink;
  useStarted(async () => {
    Object.assign(sink, await startWebhookSink(sinkOptions));
    Object.assign(
      t,
      await startTestApp({
        BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: webhookSecret,
        BAZAAR_PUBLIC_URL: sink.url,
        ...env,
      }),
    );
    return {
      async close() {
        await t.close();
        await sink.close();
      },
    };
  });
  return { t, sink };
}
