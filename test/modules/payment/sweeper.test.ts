import { RequestContext } from "../../../src/common/request-context";
import { registerOk, type Account } from "../../helpers/accounts";
import { keyOf } from "../../helpers/ids";
import { orderTransition, placeOrder } from "../../helpers/orders";
import {
  ageOrder,
  orderStatusOf,
  payInput,
  paymentRowsOf,
  payOrderOk,
  postWebhook,
  useHeldApp,
} from "../../helpers/payments";
import { dataOf } from "../../helpers/results";
import { seedVariant, stockOf, type SeededVariant } from "../../helpers/seed";

/**
 * The unpaid-order sweeper, called directly (its recurring job is set far off). Unpaid orders
 * live one minute here; the gateway's webhooks are held in a sink until a test forwards them.
 */

const { t, sink } = useHeldApp({
  BAZAAR_UNPAID_ORDER_TTL_MINUTES: "1",
  BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
});
let alice: Account;
let variant: SeededVariant;

beforeAll(async () => {
  alice = await registerOk(t);
  variant = await seedVariant(t, 1200, 100);
});
afterAll(() => {
  jest.restoreAllMocks();
});

const sweep = () => t.app.services.sweeper.sweep(RequestContext.system("maintenance-sweep"));

/** Forwards the gateway's held outcome for the order's newest payment. */
async function releaseOutcome(orderId: string): Promise<string | undefined> {
  const row = (await paymentRowsOf(t, orderId)).at(-1)!;
  const answer = await postWebhook(t, await sink.deliveryFor(row.providerRef));
  expect(answer.status).toBe(200);
  return answer.body.outcome as string | undefined;
}

test("an unpaid order past its time is CANCELLED and its stock returned, once; a fresh one is left alone", async () => {
  const before = await stockOf(t, variant);
  const stale = await placeOrder(t, alice.token, [[variant, 4]]);
  const fresh = await placeOrder(t, alice.token, [[variant, 1]]);
  await ageOrder(t, stale.id);
  expect(await stockOf(t, variant)).toBe(before - 5);

  expect(await sweep()).toBe(1);
  expect(await orderStatusOf(t, stale.id)).toBe("CANCELLED");
  expect(await orderStatusOf(t, fresh.id)).toBe("PENDING_PAYMENT");
  expect(await stockOf(t, variant)).toBe(before - 1);

  // Sweeping again finds nothing and returns nothing twice.
  expect(await sweep()).toBe(0);
  expect(await stockOf(t, variant)).toBe(before - 1);
  expect(t.logs.some((log) => log.msg === "maintenance sweep" && log.cancelledUnpaidOrders === 1)).toBe(true);
});

test("an order with a PENDING payment is not swept; its payment then pays it", async () => {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  await payOrderOk(t, alice.token, payInput(order.id));
  await ageOrder(t, order.id, 30);
  await sweep();
  expect(await orderStatusOf(t, order.id)).toBe("PENDING_PAYMENT");

  expect(await releaseOutcome(order.id)).toBe("processed");
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
  await sweep();
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
});

test("an order whose only payment was declined is swept like any unpaid one", async () => {
  const before = await stockOf(t, variant);
  const order = await placeOrder(t, alice.token, [[variant, 2]]);
  await payOrderOk(t, alice.token, payInput(order.id, "tok_chargeDeclined"));
  expect(await releaseOutcome(order.id)).toBe("processed");
  await ageOrder(t, order.id);
  await sweep();
  expect(await orderStatusOf(t, order.id)).toBe("CANCELLED");
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["FAILED"]);
  expect(await stockOf(t, variant)).toBe(before);
});

test("a payment succeeding after the sweep cancelled its order is refunded, not applied", async () => {
  const before = await stockOf(t, variant);
  const order = await placeOrder(t, alice.token, [[variant, 3]]);
  await ageOrder(t, order.id);
  // The customer's payOrder lands between the sweeper's look-up (no payment then) and its cancel.
  const orders = t.app.services.orders;
  const transition = orders.transition.bind(orders);
  const spy = jest.spyOn(orders, "transition").mockImplementation(async (ctx, key, event, effect) => {
    if (key === keyOf(order.id)) await payOrderOk(t, alice.token, payInput(order.id));
    return transition(ctx, key, event, effect);
  });
  try {
    await sweep();
  } finally {
    spy.mockRestore();
  }
  expect(await orderStatusOf(t, order.id)).toBe("CANCELLED");
  expect(await stockOf(t, variant)).toBe(before);
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["PENDING"]);

  expect(await releaseOutcome(order.id)).toBe("processed");
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["REFUNDED"]);
  expect(await orderStatusOf(t, order.id)).toBe("CANCELLED");
  expect(await stockOf(t, variant)).toBe(before);
  expect(t.logs.some((log) => log.msg === "payment for an order that cannot be paid: refunding")).toBe(true);
});

test("the same holds when the customer cancels while the payment is in flight", async () => {
  const before = await stockOf(t, variant);
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  await payOrderOk(t, alice.token, payInput(order.id));
  expect(dataOf(await orderTransition(t, "cancelOrder", alice.token, order.id)).cancelOrder?.status).toBe(
    "CANCELLED",
  );
  expect(await releaseOutcome(order.id)).toBe("processed");
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["REFUNDED"]);
  expect(await orderStatusOf(t, order.id)).toBe("CANCELLED");
  expect(await stockOf(t, variant)).toBe(before);
});

test("the sweep forgets expired idempotency keys, and only those", async () => {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  const input = payInput(order.id);
  await payOrderOk(t, alice.token, input);
  const where = { operation: "payOrder", key: input.idempotencyKey };
  const live = await t.db.prisma.idempotencyKey.findFirstOrThrow({ where });
  expect(live.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3_600_000);
  await sweep();
  expect(await t.db.prisma.idempotencyKey.count({ where })).toBe(1);
  await t.db.prisma.idempotencyKey.update({
    where: { id: live.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await sweep();
  expect(await t.db.prisma.idempotencyKey.count({ where })).toBe(0);
});
