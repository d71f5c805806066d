import { RequestContext } from "../../../src/common/request-context";
import { registerOk, staffAccount, type Account } from "../../helpers/accounts";
import { graphqlAt, type GraphQLPost } from "../../helpers/graphql-client";
import { placeOrder } from "../../helpers/orders";
import {
  ageOrder,
  orderStatusOf,
  payInput,
  paymentRowsOf,
  payOrderOk,
  postWebhook,
  refundOrder,
  useHeldApp,
} from "../../helpers/payments";
import { dataOf } from "../../helpers/results";
import { seedVariant, stockOf, type SeededVariant } from "../../helpers/seed";
import { buildApp, type App } from "../../../src/app";

/**
 * What happens when the gateway's callback never comes (deliveries given up after their
 * last retry, or never acknowledged by a receiver that is gone), and when the process
 * that took a payment is not the one that refunds it. Webhooks are held in a sink here, so
 * "never forwarded" is "lost".
 */

const { t, sink } = useHeldApp({
  BAZAAR_UNPAID_ORDER_TTL_MINUTES: "1",
  BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
});
let alice: Account;
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  [alice, staff] = [await registerOk(t), await staffAccount(t)];
  variant = await seedVariant(t, 900, 100);
});

/** A second server over the same database: the app after a restart (or another instance). */
async function restarted(): Promise<{ app: App; graphql: GraphQLPost; stop(): Promise<void> }> {
  const app = await buildApp({ config: t.config, prisma: t.db.prisma, pool: t.db.pool, logger: t.logger });
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.http.server.address() as { port: number };
  const graphql = graphqlAt(`http://127.0.0.1:${port}`);
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

  await t.app.services.sweeper.sweep(RequestContext.system("maintenance-sweep"));
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
