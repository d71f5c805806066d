import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLogger } from "../../src/logger";
import {
  GatewayRequestError,
  WebhookRejectedError,
  type PaymentGateway,
} from "../../src/modules/payment/payment-gateway";
import { TestGateway } from "../../src/modules/payment/test-gateway";
import { WebhookDeliverer } from "../../src/modules/payment/webhook-delivery";
import { signWebhook, verifyWebhookSignature } from "../../src/modules/payment/webhook-signature";
import { waitFor, type EventData } from "./payment-flows";

/** The built-in gateway and its delivery loop, against a small local receiver. */

const secret = "whsec_gateway_unit";
const logger = createLogger({ logLevel: "silent" });

interface Received {
  body: string;
  signature: string;
  at: number;
}

/** A receiver answering each POST with the next status in `statuses` (then 200). */
async function receiver(
  statuses: number[] = [],
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        signature: String(request.headers["bazaar-signature"] ?? ""),
        at: Date.now(),
      });
      response.writeHead(statuses.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () =>
      new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Typed as the interface Bazaar uses it through. */
function gateway(url: string, firstDeliveryDelayMs = 10): PaymentGateway {
  return new TestGateway(
    {
      webhookSecret: secret,
      webhookUrl: () => url,
      toleranceSeconds: 300,
      firstDeliveryDelayMs,
      latencyMs: 0,
    },
    logger,
  );
}

const request = { amount: 2498, currencyCode: "USD", idempotencyKey: "order-1:key-1" };

describe("TestGateway", () => {
  test("tok_visa: one signed payment.succeeded for the amount asked, delivered to the webhook URL", async () => {
    const hook = await receiver();
    const gw = gateway(hook.url);
    try {
      const { providerRef } = await gw.createPayment({ ...request, paymentToken: "tok_visa" });
      expect(providerRef).toMatch(/^pi_test_[0-9a-f]{32}$/);
      const [delivery] = await waitFor(
        async () => hook.received,
        (r) => r.length === 1,
      );
      const event = JSON.parse(delivery!.body) as EventData;
      expect(event).toEqual({
        id: expect.stringMatching(/^evt_test_/),
        type: "payment.succeeded",
        providerRef,
        amount: 2498,
        currencyCode: "USD",
      });
      expect(() =>
        verifyWebhookSignature(secret, delivery!.signature, Buffer.from(delivery!.body), 300),
      ).not.toThrow();
      expect(
        gw.verifyWebhook(Buffer.from(delivery!.body), { "bazaar-signature": [delivery!.signature] }),
      ).toEqual(event);
    } finally {
      gw.close();
      await hook.close();
    }
  });

  test("tok_chargeDeclined: payment.failed with card_declined", async () => {
    const hook = await receiver();
    const gw = gateway(hook.url);
    try {
      const { providerRef } = await gw.createPayment({ ...request, paymentToken: "tok_chargeDeclined" });
      const [delivery] = await waitFor(
        async () => hook.received,
        (r) => r.length === 1,
      );
      expect(JSON.parse(delivery!.body)).toMatchObject({
        type: "payment.failed",
        providerRef,
        failureReason: "card_declined",
      });
    } finally {
      gw.close();
      await hook.close();
    }
  });

  test("the same idempotency key starts no second payment; an unknown token is a GatewayRequestError", async () => {
    const gw = gateway("http://127.0.0.1:9/unused", 60_000);
    try {
      const first = await gw.createPayment({ ...request, paymentToken: "tok_visa" });
      expect(await gw.createPayment({ ...request, paymentToken: "tok_visa" })).toEqual(first);
      expect(
        (await gw.createPayment({ ...request, idempotencyKey: "order-1:key-2", paymentToken: "tok_visa" }))
          .providerRef,
      ).not.toBe(first.providerRef);
      await expect(
        gw.createPayment({ ...request, idempotencyKey: "k3", paymentToken: "tok_fake" }),
      ).rejects.toBeInstanceOf(GatewayRequestError);
      await expect(gw.refund(first.providerRef, 2498)).resolves.toBeUndefined();
      await expect(gw.refund("pi_test_unknown", 2498)).rejects.toBeInstanceOf(GatewayRequestError);
    } finally {
      gw.close();
    }
  });

  test("verifyWebhook refuses unsigned, non-JSON and non-event bodies with WebhookRejectedError", () => {
    const gw = gateway("http://127.0.0.1:9/unused", 60_000);
    const signed = (body: string) => ({ "bazaar-signature": signWebhook(secret, body) });
    const good = JSON.stringify({
      id: "evt_1",
      type: "payment.succeeded",
      providerRef: "pi_1",
      amount: 100,
      currencyCode: "USD",
    });
    expect(gw.verifyWebhook(Buffer.from(good), signed(good)).id).toBe("evt_1");
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
      expect(() => gw.verifyWebhook(Buffer.from(body), headers)).toThrow(WebhookRejectedError);
    }
    gw.close();
  });
});

describe("WebhookDeliverer", () => {
  test("retries with growing delays until a 2xx, signing each attempt afresh, then stops", async () => {
    const hook = await receiver([503, 500]);
    const deliverer = new WebhookDeliverer(logger, { firstDelayMs: 20, maxDelayMs: 1000, maxAttempts: 5 });
    let signed = 0;
    try {
      const started = Date.now();
      deliverer.deliver(
        () => hook.url,
        "{}",
        () => ({ "bazaar-signature": `attempt-${++signed}` }),
      );
      await waitFor(
        async () => hook.received.length,
        (n) => n === 3,
      );
      expect(hook.received.map((r) => r.signature)).toEqual(["attempt-1", "attempt-2", "attempt-3"]);
      // 20, then 40, then 80 ms: each gap is at least the scheduled delay.
      const gaps = hook.received.map((r, i) => r.at - (i === 0 ? started : hook.received[i - 1]!.at));
      expect(gaps[0]).toBeGreaterThanOrEqual(15);
      expect(gaps[1]).toBeGreaterThanOrEqual(35);
      expect(gaps[2]).toBeGreaterThanOrEqual(75);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(hook.received).toHaveLength(3);
    } finally {
      deliverer.close();
      await hook.close();
    }
  });

  test("gives up after maxAttempts; close() cancels pending deliveries", async () => {
    const hook = await receiver([503, 503, 503, 503, 503]);
    const deliverer = new WebhookDeliverer(logger, { firstDelayMs: 5, maxDelayMs: 10, maxAttempts: 3 });
    try {
      deliverer.deliver(
        () => hook.url,
        "{}",
        () => ({}),
      );
      await waitFor(
        async () => hook.received.length,
        (n) => n === 3,
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(hook.received).toHaveLength(3);

      const later = new WebhookDeliverer(logger, { firstDelayMs: 50, maxDelayMs: 50, maxAttempts: 3 });
      later.deliver(
        () => hook.url,
        "{}",
        () => ({}),
      );
      later.close();
      later.deliver(
        () => hook.url,
        "{}",
        () => ({}),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(hook.received).toHaveLength(3);
    } finally {
      deliverer.close();
      await hook.close();
    }
  });
});
