import { GatewayRequestError, WebhookRejectedError } from "../../../src/modules/payment/payment-gateway";
import type { PaymentGateway } from "../../../src/modules/payment/payment-gateway";
import { signWebhook, verifyWebhookSignature } from "../../../src/modules/payment/webhook-signature";
import { jobOutcomes } from "../../helpers/jobs";
import { webhookSecret, useHeldApp } from "../../helpers/payments";
import type { TestApp } from "../../helpers/test-app";
import { waitFor } from "../../helpers/wait-for";
import type { EventData, WebhookSink } from "../../helpers/webhook-sink";

/**
 * The built-in gateway, called directly, with its webhooks going to a sink: its payments are
 * rows, and each outcome is delivered by a job enqueued with the row.
 */

const deliveryJob = "test-gateway.webhook";
const request = { amount: 2498, currencyCode: "USD" };
let keys = 0;
const newKey = () => `gateway-test-${process.pid}-${++keys}`;

const gatewayOf = (t: TestApp): PaymentGateway => t.app.services.webhooks.gateway("test")!;

/** Delivery jobs queued for a payment (its event names its gateway id). */
async function deliveryJobsFor(t: TestApp, providerRef: string): Promise<number> {
  const [row] = await t.db.prisma.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND data->>'body' LIKE $2`,
    deliveryJob,
    `%${providerRef}%`,
  );
  return row!.count;
}

describe("TestGateway", () => {
  const { t, sink } = useHeldApp();

  async function deliveredEvent(
    providerRef: string,
  ): Promise<{ event: EventData; signature: string; body: string }> {
    const delivery = await sink.deliveryFor(providerRef);
    return { event: delivery.event, signature: delivery.signature, body: delivery.body };
  }

  test("tok_visa: one signed payment.succeeded for the amount asked, delivered to the webhook URL", async () => {
    const { providerRef } = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: newKey(),
      paymentToken: "tok_visa",
    });
    expect(providerRef).toMatch(/^pi_test_[0-9a-f]{32}$/);
    const { event, signature, body } = await deliveredEvent(providerRef);
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_test_/),
      type: "payment.succeeded",
      providerRef,
      amount: 2498,
      currencyCode: "USD",
    });
    expect(sink.deliveries.find((d) => d.event.providerRef === providerRef)?.path).toBe(
      "/webhooks/payments/test",
    );
    expect(() => verifyWebhookSignature(webhookSecret, signature, Buffer.from(body), 300)).not.toThrow();
    expect(gatewayOf(t).verifyWebhook(Buffer.from(body), { "bazaar-signature": [signature] })).toEqual(event);
  });

  test("tok_chargeDeclined: payment.failed with card_declined", async () => {
    const { providerRef } = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: newKey(),
      paymentToken: "tok_chargeDeclined",
    });
    expect((await deliveredEvent(providerRef)).event).toMatchObject({
      type: "payment.failed",
      providerRef,
      failureReason: "card_declined",
    });
  });

  test("the same idempotency key starts no second payment, on any node; each payment is delivered by one job", async () => {
    const key = newKey();
    const first = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: key,
      paymentToken: "tok_visa",
    });
    expect(
      await gatewayOf(t).createPayment({ ...request, idempotencyKey: key, paymentToken: "tok_visa" }),
    ).toEqual(first);
    const other = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: newKey(),
      paymentToken: "tok_visa",
    });
    expect(other.providerRef).not.toBe(first.providerRef);
    expect(await t.db.prisma.testGatewayPayment.count({ where: { idempotencyKey: key } })).toBe(1);
    await deliveredEvent(first.providerRef);
    expect(await deliveryJobsFor(t, first.providerRef)).toBe(1);
  });

  test("an unknown token is a GatewayRequestError that records and enqueues nothing; refunds", async () => {
    const key = newKey();
    await expect(
      gatewayOf(t).createPayment({ ...request, idempotencyKey: key, paymentToken: "tok_fake" }),
    ).rejects.toBeInstanceOf(GatewayRequestError);
    expect(await t.db.prisma.testGatewayPayment.count({ where: { idempotencyKey: key } })).toBe(0);
    const { providerRef } = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: newKey(),
      paymentToken: "tok_visa",
    });
    await expect(gatewayOf(t).refund(providerRef, 2498)).resolves.toBeUndefined();
    await expect(gatewayOf(t).refund("pi_test_unknown", 2498)).rejects.toBeInstanceOf(GatewayRequestError);
  });

  test("verifyWebhook refuses unsigned, non-JSON and non-event bodies with WebhookRejectedError", () => {
    const signed = (body: string) => ({ "bazaar-signature": signWebhook(webhookSecret, body) });
    const good = JSON.stringify({
      id: "evt_1",
      type: "payment.succeeded",
      providerRef: "pi_1",
      amount: 100,
      currencyCode: "USD",
    });
    expect(gatewayOf(t).verifyWebhook(Buffer.from(good), signed(good)).id).toBe("evt_1");
    const cases: [string, Record<string, string>][] = [
      [good, {}],
      ["not json", signed("not json")],
      ["[]", signed("[]")],
      ['{"id":"evt_2"}', signed('{"id":"evt_2"}')],
      [good.replace("100", '"100"'), signed(good.replace("100", '"100"'))],
      [
        good.replace("payment.succeeded", "charge.refunded"),
        signed(good.replace("payment.succeeded", "charge.refunded")),
      ],
    ];
    for (const [body, headers] of cases) {
      expect(() => gatewayOf(t).verifyWebhook(Buffer.from(body), headers)).toThrow(WebhookRejectedError);
    }
  });
});

describe("a delivery the receiver refuses twice", () => {
  const { t, sink } = useHeldApp({}, { refuseFirst: 2 });

  test("is retried with growing delays, signed afresh each time, and delivered once", async () => {
    const { providerRef } = await gatewayOf(t).createPayment({
      ...request,
      idempotencyKey: newKey(),
      paymentToken: "tok_visa",
    });
    await waitFor(
      async () => sink.deliveries.length,
      (n) => n === 1,
      20_000,
    );
    const attempts: WebhookSink["attempts"] = sink.attempts;
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(sink.deliveries[0]!.event.providerRef).toBe(providerRef);
    // The same event each time, under a signature made for that attempt.
    expect(new Set(attempts.map((a) => a.body)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.signature)).size).toBe(3);
    // Exponential backoff: at least 1 s before the first retry, at least 2 s before the second.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(1900);
    expect(await jobOutcomes(t, deliveryJob, "retried")).toBe(2);
    await waitFor(
      () => jobOutcomes(t, deliveryJob, "completed"),
      (n) => n === 1,
    );
    expect(await jobOutcomes(t, deliveryJob, "failed")).toBe(0);
  });
});
