import { dataOf, registerOk, type Account } from "../accounts/account-flows";
import { buildApp, type App } from "../../src/app";
import type { TestApp } from "../helpers/test-app";
import { placeOrder, seedProduct, staffAccount, stockOf, type SeededVariant } from "../orders/order-flows";
import {
  ageOrder,
  orderStatusOf,
  payInput,
  payOrderOk,
  paymentRowsOf,
  postWebhook,
  refundOrder,
  startHeldApp,
  type WebhookSink,
} from "./payment-flows";

/**
 * What happens when the gateway's callback never comes (deliveries given up after their
 * last retry, or lost in a restart: they live in process memory), and when the process
 * that took a payment is not the one that refunds it. Webhooks are held in a sink here, so
 * "never forwarded" is "lost".
 */

let t: TestApp;
let sink: WebhookSink;
let close: () => Promise<void>;
let alice: Account;
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  ({ t, sink, close } = await startHeldApp({
    BAZAAR_UNPAID_ORDER_TTL_MINUTES: "1",
    BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
  }));
  [alice, staff] = [await registerOk(t), await staffAccount(t)];
  variant = (await seedProduct(t, [{ price: 900, stock: 100 }])).variants[0]!;
});
afterAll(async () => {
  await close();
});

/** A second server over the same database: the app after a restart (or another instance). */
async function restarted(): Promise<{ app: App; graphql: TestApp["graphql"]; stop(): Promise<void> }> {
  const app = await buildApp({ config: t.config, prisma: t.db.prisma, pool: t.db.pool, logger: t.logger });
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.http.server.address() as { port: number };
  const graphql: TestApp["graphql"] = async (query, variables, options = {}) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return { app, graphql, stop: () => app.http.close() };
}

test("a declined payment whose webhook was lost does not hold its order's stock forever", async () => {
  const before = await stockOf(t, variant);
  const order = await placeOrder(t, alice.token, [[variant, 2]]);
  await payOrderOk(t, alice.token, payInput(order.id, "tok_chargeDeclined"));
  const [row] = await paymentRowsOf(t, order.id);
  await sink.deliveryFor(row!.providerRef); // ... and never forwarded.
  // A day later: far past the unpaid-order time and the gateway's whole retry schedule.
  await ageOrder(t, order.id, 24 * 60);
  await t.db.prisma.$executeRawUnsafe(
    `UPDATE payments SET created_at = now() - interval '1 day', updated_at = now() - interval '1 day' WHERE id = $1::uuid`,
    row!.id,
  );

  await t.app.services.sweeper.sweep();
  // Expected: the order is released (however the implementation settles the stale attempt).
  expect(await orderStatusOf(t, order.id)).toBe("CANCELLED");
  expect(await stockOf(t, variant)).toBe(before);
});

test("a payment taken before a restart is refunded after it", async () => {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  await payOrderOk(t, alice.token, payInput(order.id));
  const [row] = await paymentRowsOf(t, order.id);
  expect((await postWebhook(t, await sink.deliveryFor(row!.providerRef))).body.outcome).toBe("processed");
  expect(await orderStatusOf(t, order.id)).toBe("PAID");

  const next = await restarted();
  try {
    const answer = await refundOrder({ ...t, graphql: next.graphql }, staff.token, order.id);
    expect(answer.errors).toBeUndefined();
    expect(dataOf(answer).refundOrder.status).toBe("REFUNDED");
    expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["REFUNDED"]);
  } finally {
    await next.stop();
  }
});
