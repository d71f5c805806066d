import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dataOf, keyOf } from "../accounts/account-flows";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";
import {
  orderFields,
  placeOrder,
  type MoneyData,
  type OrderData,
  type OrderStatus,
  type SeededVariant,
} from "../orders/order-flows";
import { signWebhook } from "../../src/modules/payment/webhook-signature";

/** GraphQL documents, webhook plumbing and flows shared by the payment tests. */

export const webhookSecret = "whsec_test_payments";
export const paymentFields = "id gateway status amount { amount currencyCode } createdAt";

export type PaymentStatus = "PENDING" | "SUCCEEDED" | "FAILED" | "REFUNDED";
export interface PaymentData {
  id: string;
  gateway: string;
  status: PaymentStatus;
  amount: MoneyData;
  createdAt: string;
}
export interface OrderPayments {
  id: string;
  status: OrderStatus;
  payments: PaymentData[];
}
export interface PayOrderInputData {
  orderId: string;
  paymentToken: string;
  idempotencyKey: string;
}
/** What a gateway event says (the test's own view of it, written independently of src). */
export interface EventData {
  id: string;
  type: "payment.succeeded" | "payment.failed";
  providerRef: string;
  amount: number;
  currencyCode: string;
  failureReason?: string;
}
/** One webhook as sent over the wire. */
export interface Delivery {
  body: string;
  signature: string;
}

const withToken = (token: string | undefined): { token?: string } => (token ? { token } : {});

export function payInput(
  orderId: string,
  paymentToken = "tok_visa",
  idempotencyKey: string = randomUUID(),
): PayOrderInputData {
  return { orderId, paymentToken, idempotencyKey };
}

export function payOrder(
  t: TestApp,
  token: string | undefined,
  input: PayOrderInputData,
): Promise<GraphQLResponse<{ payOrder: PaymentData }>> {
  return t.graphql(
    `mutation ($input: PayOrderInput!) { payOrder(input: $input) { ${paymentFields} } }`,
    { input },
    withToken(token),
  );
}

export async function payOrderOk(
  t: TestApp,
  token: string | undefined,
  input: PayOrderInputData,
): Promise<PaymentData> {
  return dataOf(await payOrder(t, token, input)).payOrder;
}

export function refundOrder(
  t: TestApp,
  token: string | undefined,
  orderId: string,
): Promise<GraphQLResponse<{ refundOrder: OrderData }>> {
  return t.graphql(
    `mutation ($orderId: ID!) { refundOrder(orderId: $orderId) { ${orderFields} } }`,
    { orderId },
    withToken(token),
  );
}

export async function orderPayments(t: TestApp, orderId: string, token?: string): Promise<OrderPayments> {
  const query = `query ($id: ID!) { order(id: $id) { id status payments { ${paymentFields} } } }`;
  const order = dataOf(
    await t.graphql<{ order: OrderPayments | null }>(query, { id: orderId }, withToken(token)),
  ).order;
  if (!order) throw new Error(`order ${orderId} is not visible`);
  return order;
}

/**
 * Polls `probe` until `done` holds or `timeoutMs` passes (then fails, showing the last
 * value): webhooks arrive asynchronously, so tests wait for their effect, never a fixed time.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`gave up after ${timeoutMs} ms waiting; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until the order's status and its newest payment's status are as given. */
export function waitForOrder(
  t: TestApp,
  orderId: string,
  token: string | undefined,
  status: OrderStatus,
  paymentStatus: PaymentStatus,
): Promise<OrderPayments> {
  return waitFor(
    () => orderPayments(t, orderId, token),
    (order) => order.status === status && order.payments.at(-1)?.status === paymentStatus,
  );
}

/** An order placed and paid with tok_visa, once the gateway's own webhook has made it PAID. */
export async function paidOrder(
  t: TestApp,
  token: string | undefined,
  lines: [SeededVariant, number][],
): Promise<OrderData> {
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
export async function paymentRowsOf(t: TestApp, orderId: string) {
  const rows = await t.db.prisma.payment.findMany({
    where: { orderId: keyOf(orderId) },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ providerRef, ...row }) => {
    if (providerRef === null) throw new Error(`payment ${row.id} has no gateway id`);
    return { ...row, providerRef };
  });
}

export async function orderStatusOf(t: TestApp, orderId: string): Promise<OrderStatus> {
  return (await t.db.prisma.order.findUniqueOrThrow({ where: { id: keyOf(orderId) } })).status;
}

/** Moves an order's creation back in time, so the unpaid-order sweeper sees it as stale. */
export async function ageOrder(t: TestApp, orderId: string, minutes = 2): Promise<void> {
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
 * Stands in for Bazaar's webhook endpoint as the gateway's callback address: it records
 * (and acknowledges) every delivery, so nothing reaches the app until the test forwards it.
 */
export interface WebhookSink {
  url: string;
  deliveries: (Delivery & { path: string; event: EventData })[];
  /** Waits (bounded) for the gateway's delivery about `providerRef`. */
  deliveryFor(providerRef: string): Promise<Delivery & { event: EventData }>;
  close(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const deliveries: WebhookSink["deliveries"] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["bazaar-signature"] ?? "");
      deliveries.push({ path: request.url ?? "", body, signature, event: JSON.parse(body) as EventData });
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    async deliveryFor(providerRef) {
      const found = await waitFor(
        async () => deliveries.find((delivery) => delivery.event.providerRef === providerRef),
        (delivery) => delivery !== undefined,
      );
      return found!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The app with its gateway calling back into a sink: each webhook reaches the app only when the test forwards it. */
export async function startHeldApp(
  env: Record<string, string> = {},
): Promise<{ t: TestApp; sink: WebhookSink; close(): Promise<void> }> {
  const sink = await startWebhookSink();
  const t = await startTestApp({
    BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: webhookSecret,
    BAZAAR_PUBLIC_URL: sink.url,
    ...env,
  });
  return {
    t,
    sink,
    async close() {
      await t.close();
      await sink.close();
    },
  };
}
