import { createHmac } from "node:crypto";
import { registerOk, type Account } from "../accounts/account-flows";
import type { TestApp } from "../helpers/test-app";
import { signWebhook } from "../../src/modules/payment/webhook-signature";
import { placeOrder, seedProduct, type OrderData, type SeededVariant } from "../orders/order-flows";
import {
  eventFor,
  orderStatusOf,
  payInput,
  payOrderOk,
  paymentRowsOf,
  postWebhook,
  signedEvent,
  startHeldApp,
  webhookSecret,
  type Delivery,
  type WebhookSink,
} from "./payment-flows";

/**
 * `POST /webhooks/payments/test`, hit directly. The gateway's own deliveries go to a sink,
 * so every change seen here was caused by the webhook under test (or provably was not).
 */

let t: TestApp;
let sink: WebhookSink;
let close: () => Promise<void>;
let alice: Account;
let variant: SeededVariant;

beforeAll(async () => {
  ({ t, sink, close } = await startHeldApp());
  alice = await registerOk(t);
  variant = (await seedProduct(t, [{ price: 1500, stock: 1000 }])).variants[0]!;
});
afterAll(async () => {
  await close();
});

/** An order with one PENDING payment (its gateway webhook held in the sink). */
async function pendingPayment(
  token = "tok_visa",
): Promise<{ order: OrderData; row: Awaited<ReturnType<typeof paymentRowsOf>>[number] }> {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  await payOrderOk(t, alice.token, payInput(order.id, token));
  const [row] = await paymentRowsOf(t, order.id);
  return { order, row: row! };
}

/** Asserts the payment and order are exactly as payOrder left them, and no event was recorded for it. */
async function expectUntouched(order: OrderData): Promise<void> {
  const rows = await paymentRowsOf(t, order.id);
  expect(rows.map((row) => [row.status, row.failureReason])).toEqual([["PENDING", null]]);
  expect(await orderStatusOf(t, order.id)).toBe("PENDING_PAYMENT");
  expect(
    await t.db.prisma.webhookEvent.count({
      where: { payload: { path: ["providerRef"], equals: rows[0]!.providerRef } },
    }),
  ).toBe(0);
}

test("the gateway's own delivery is signed as documented and, forwarded, pays the order", async () => {
  const { order, row } = await pendingPayment();
  const delivery = await sink.deliveryFor(row.providerRef);
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature);
  expect(match).not.toBeNull();
  expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(60);
  // Recomputed here, independently: HMAC-SHA256(secret, t + "." + raw body).
  expect(match![2]).toBe(
    createHmac("sha256", webhookSecret).update(`${match![1]}.${delivery.body}`).digest("hex"),
  );
  expect(await postWebhook(t, delivery)).toEqual({
    status: 200,
    body: { received: true, outcome: "processed" },
  });
  expect((await paymentRowsOf(t, order.id))[0]?.status).toBe("SUCCEEDED");
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
});

test("a forged signature (another secret) is 400 and changes nothing", async () => {
  const { order, row } = await pendingPayment();
  const forged = signedEvent(eventFor(row), "whsec_attacker");
  const answer = await postWebhook(t, forged);
  expect(answer.status).toBe(400);
  expect(answer.body).toEqual({ error: "signature mismatch" });
  await expectUntouched(order);
});

test("a valid signature older (or newer) than the 5-minute window is 400 and changes nothing", async () => {
  const { order, row } = await pendingPayment();
  const event = eventFor(row);
  for (const skewSeconds of [-301, -3600, 301]) {
    const answer = await postWebhook(t, signedEvent(event, webhookSecret, Date.now() + skewSeconds * 1000));
    expect([skewSeconds, answer.status]).toEqual([skewSeconds, 400]);
  }
  await expectUntouched(order);
  // The same event signed now is accepted: only the timestamp was wrong.
  expect((await postWebhook(t, signedEvent(event))).status).toBe(200);
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
});

test("malformed or missing signature headers are 400 and change nothing", async () => {
  const { order, row } = await pendingPayment();
  const good = signedEvent(eventFor(row));
  const [, v1] = /v1=([0-9a-f]+)/.exec(good.signature)!;
  const t0 = /t=(\d+)/.exec(good.signature)![1];
  const headers: (string | null)[] = [
    null,
    "",
    "garbage",
    `t=${t0}`,
    `v1=${v1}`,
    `t=soon,v1=${v1}`,
    `t=${t0},v1=${v1!.slice(0, 63)}`,
    `t=${t0},v1=${v1}00`,
    `t=${t0},v1=${v1!.toUpperCase().replace(/[0-9]/g, "Z")}`,
    `t=${t0},v0=${v1}`,
  ];
  for (const signature of headers) {
    const answer = await postWebhook(t, { body: good.body, signature });
    expect([signature, answer.status]).toEqual([signature, 400]);
  }
  await expectUntouched(order);
});

test("a body altered after signing is 400 and changes nothing", async () => {
  const { order, row } = await pendingPayment("tok_chargeDeclined");
  const signed = signedEvent(eventFor(row, { type: "payment.failed", failureReason: "card_declined" }));
  const altered = signed.body.replace('"payment.failed"', '"payment.succeeded"');
  expect(altered).not.toBe(signed.body);
  expect((await postWebhook(t, { body: altered, signature: signed.signature })).status).toBe(400);
  expect((await postWebhook(t, { body: `${signed.body} `, signature: signed.signature })).status).toBe(400);
  await expectUntouched(order);
});

test("a signed body that is not JSON, or not a payment event, is 400", async () => {
  const { order, row } = await pendingPayment();
  const bodies = [
    "not json",
    "{}",
    JSON.stringify({ ...eventFor(row), type: "payment.maybe" }),
    JSON.stringify({ ...eventFor(row), amount: 14.5 }),
    "null",
  ];
  for (const body of bodies) {
    const answer = await postWebhook(t, { body, signature: signWebhook(webhookSecret, body) });
    expect([body, answer.status]).toEqual([body, 400]);
  }
  await expectUntouched(order);
});

test("the same event delivered twice: the second is 200 'duplicate' and changes nothing", async () => {
  const { order, row } = await pendingPayment("tok_chargeDeclined");
  const event = eventFor(row);
  const delivery: Delivery = signedEvent(event);
  expect(await postWebhook(t, delivery)).toEqual({
    status: 200,
    body: { received: true, outcome: "processed" },
  });
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
  const settled = await paymentRowsOf(t, order.id);

  expect(await postWebhook(t, delivery)).toEqual({
    status: 200,
    body: { received: true, outcome: "duplicate" },
  });
  // Re-signed later (as a retry is), or even with other content, the id was already used.
  expect((await postWebhook(t, signedEvent(event))).body.outcome).toBe("duplicate");
  expect(
    (await postWebhook(t, signedEvent({ ...event, type: "payment.failed", failureReason: "x" }))).body
      .outcome,
  ).toBe("duplicate");
  expect(await paymentRowsOf(t, order.id)).toEqual(settled);
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
  expect(await t.db.prisma.webhookEvent.count({ where: { eventId: event.id } })).toBe(1);

  // The gateway's genuine (declined) outcome, arriving late, cannot flip a settled payment.
  expect((await postWebhook(t, await sink.deliveryFor(row.providerRef))).body.outcome).toBe("processed");
  expect(await paymentRowsOf(t, order.id)).toEqual(settled);
});

test("the same event delivered 5 times at once is processed exactly once", async () => {
  const { order, row } = await pendingPayment("tok_chargeDeclined");
  const delivery = signedEvent(eventFor(row));
  const answers = await Promise.all(Array.from({ length: 5 }, () => postWebhook(t, delivery)));
  expect(answers.map((answer) => [answer.status, answer.body.outcome]).sort()).toEqual([
    [200, "duplicate"],
    [200, "duplicate"],
    [200, "duplicate"],
    [200, "duplicate"],
    [200, "processed"],
  ]);
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
});

test("an event for a payment Bazaar does not know (yet) is 503 (retry later) and is not recorded, so its retry is not taken for a duplicate", async () => {
  const event = eventFor({ providerRef: "pi_test_unknown", amount: 1999, currencyCode: "USD" });
  const answer = await postWebhook(t, signedEvent(event));
  expect(answer.status).toBe(503);
  expect(await t.db.prisma.webhookEvent.count({ where: { eventId: event.id } })).toBe(0);
  expect((await postWebhook(t, signedEvent(event))).status).toBe(503);
});

test("an amount or currency other than the payment's never marks the order paid", async () => {
  for (const overrides of [{ amount: 1 }, { currencyCode: "EUR" }]) {
    const { order, row } = await pendingPayment();
    const answer = await postWebhook(t, signedEvent(eventFor(row, overrides)));
    expect(answer).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    expect((await paymentRowsOf(t, order.id)).map((p) => [p.status, p.failureReason])).toEqual([
      ["FAILED", "amount_mismatch"],
    ]);
    expect(await orderStatusOf(t, order.id)).toBe("PENDING_PAYMENT");
    expect(
      t.logs.some((log) => String(log.msg).startsWith("payment amount mismatch: order not marked paid")),
    ).toBe(true);
  }
});

test("an unknown gateway is 404, even with a valid signature", async () => {
  const { order, row } = await pendingPayment();
  const answer = await postWebhook(t, signedEvent(eventFor(row)), "stripe");
  expect(answer.status).toBe(404);
  await expectUntouched(order);
});
