import { randomUUID } from "node:crypto";
import { dataOf, expectError, keyOf, registerOk, type Account } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  orderTransition,
  placeOrder,
  seedProduct,
  staffAccount,
  stockOf,
  type SeededVariant,
} from "../orders/order-flows";
import { paidOrder, payInput, payOrder, refundOrder, waitFor, waitForOrder } from "./payment-flows";

/**
 * Gateway calls run between two short transactions, never inside one: with a gateway that
 * takes 2 s to answer, the order's row is free (another request locks it and is answered)
 * while payOrder and refundOrder are still waiting for the gateway — on the embedded
 * database too, whose single connection a held transaction would block entirely.
 */

const gatewayLatencyMs = 2_000;
let t: TestApp;
let alice: Account;
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  t = await startTestApp({ BAZAAR_TEST_GATEWAY_LATENCY_MS: String(gatewayLatencyMs) });
  [alice, staff] = [await registerOk(t), await staffAccount(t)];
  variant = (await seedProduct(t, [{ price: 1000, stock: 50 }])).variants[0]!;
});
afterAll(async () => {
  await t.close();
});

/** Resolves with the order in which the promises settled. */
function settleOrder(named: Record<string, Promise<unknown>>): Promise<string[]> {
  const settled: string[] = [];
  return Promise.all(
    Object.entries(named).map(([name, promise]) => promise.finally(() => settled.push(name))),
  ).then(() => settled);
}

function paymentIntents(orderId: string) {
  return t.db.prisma.payment.findMany({
    where: { orderId: keyOf(orderId) },
    select: { providerRef: true, status: true, refundPendingSince: true },
  });
}

test("payOrder records its intent, then waits for the gateway holding no lock: a cancel of the same order is answered first", async () => {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  const paying = payOrder(t, alice.token, payInput(order.id));
  // The intent is committed before the gateway is asked: a PENDING payment with no gateway id yet.
  const [intent] = await waitFor(
    () => paymentIntents(order.id),
    (rows) => rows.length === 1,
  );
  expect(intent).toMatchObject({ status: "PENDING", providerRef: null });

  const cancelling = orderTransition(t, "cancelOrder", alice.token, order.id);
  expect(await settleOrder({ cancelling, paying })).toEqual(["cancelling", "paying"]);
  expect(dataOf(await cancelling).cancelOrder!.status).toBe("CANCELLED");
  expect(dataOf(await paying).payOrder.status).toBe("PENDING");
  // The second short transaction recorded the gateway's id.
  expect((await paymentIntents(order.id))[0]!.providerRef).toMatch(/^pi_test_/);
  // The money arrives for a cancelled order: it is given back, after the webhook's transaction.
  const settled = await waitFor(
    () => paymentIntents(order.id),
    ([row]) => row?.status === "REFUNDED" && row.refundPendingSince === null,
    3 * gatewayLatencyMs + 5_000,
  );
  expect(settled).toHaveLength(1);
});

test("the same idempotency key twice while the gateway is slow: one payment, one gateway id", async () => {
  const order = await placeOrder(t, alice.token, [[variant, 1]]);
  const input = payInput(order.id, "tok_visa", randomUUID());
  const [first, second] = await Promise.all([
    payOrder(t, alice.token, input),
    payOrder(t, alice.token, input),
  ]);
  expect(dataOf(second).payOrder.id).toBe(dataOf(first).payOrder.id);
  const rows = await paymentIntents(order.id);
  expect(rows).toHaveLength(1);
  expect(rows[0]!.providerRef).toMatch(/^pi_test_/);
  await waitForOrder(t, order.id, alice.token, "PAID", "SUCCEEDED");
});

test("refundOrder asks the gateway outside any transaction: another staff change of the order is answered first; stock returns once", async () => {
  const order = await paidOrder(t, alice.token, [[variant, 2]]);
  const before = await stockOf(t, variant);
  const refunding = refundOrder(t, staff.token, order.id);
  await waitFor(
    () => paymentIntents(order.id),
    ([row]) => row?.refundPendingSince !== null,
  );

  // A paid order cannot be cancelled: the cancel takes the row lock, finds PAID, and is a CONFLICT.
  const cancelling = orderTransition(t, "cancelOrder", staff.token, order.id);
  expect(await settleOrder({ cancelling, refunding })).toEqual(["cancelling", "refunding"]);
  expectError(await cancelling, "CONFLICT");
  expect(dataOf(await refunding).refundOrder.status).toBe("REFUNDED");
  expect(await paymentIntents(order.id)).toEqual([
    expect.objectContaining({ status: "REFUNDED", refundPendingSince: null }),
  ]);
  expect(await stockOf(t, variant)).toBe(before + 2);
}, 30_000);
