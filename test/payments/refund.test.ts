import { randomUUID } from "node:crypto";
import { dataOf, expectError, globalId, registerOk, type Account } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  orderTransition,
  placeOrder,
  productInStock,
  seedProduct,
  staffAccount,
  stockOf,
  type SeededProduct,
  type SeededVariant,
} from "../orders/order-flows";
import { orderPayments, orderStatusOf, paidOrder, paymentRowsOf, refundOrder } from "./payment-flows";

/** refundOrder: staff only, PAID orders only, the gateway refunds, stock comes back exactly once. */

let t: TestApp;
let alice: Account;
let staff: Account;
let product: SeededProduct;
let variant: SeededVariant;

beforeAll(async () => {
  t = await startTestApp();
  [alice, staff] = [await registerOk(t), await staffAccount(t)];
  product = await seedProduct(t, [{ price: 1000, stock: 50 }]);
  variant = product.variants[0]!;
});
afterAll(async () => {
  await t.close();
});

test("staff refund a PAID order: REFUNDED, payment REFUNDED, stock returned; a second refund is a CONFLICT and returns nothing", async () => {
  const before = await stockOf(t, variant);
  const order = await paidOrder(t, alice.token, [[variant, 3]]);
  expect(await stockOf(t, variant)).toBe(before - 3);

  const refunded = dataOf(await refundOrder(t, staff.token, order.id)).refundOrder;
  expect(refunded).toMatchObject({ id: order.id, status: "REFUNDED", total: order.total });
  expect(await stockOf(t, variant)).toBe(before);
  const seen = await orderPayments(t, order.id, alice.token);
  expect(seen.status).toBe("REFUNDED");
  expect(seen.payments.map((p) => p.status)).toEqual(["REFUNDED"]);

  expectError(await refundOrder(t, staff.token, order.id), "CONFLICT");
  expect(await stockOf(t, variant)).toBe(before);
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["REFUNDED"]);
  // Nothing follows a refund.
  expectError(await orderTransition(t, "fulfillOrder", staff.token, order.id), "CONFLICT");
  expectError(await orderTransition(t, "cancelOrder", staff.token, order.id), "CONFLICT");
  expect(await stockOf(t, variant)).toBe(before);
});

test("concurrent refunds of one order: exactly one succeeds, stock comes back once", async () => {
  const before = await stockOf(t, variant);
  const order = await paidOrder(t, alice.token, [[variant, 2]]);
  const answers = await Promise.all(Array.from({ length: 6 }, () => refundOrder(t, staff.token, order.id)));
  const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? "OK").sort();
  expect(codes).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "OK"]);
  expect(await stockOf(t, variant)).toBe(before);
  expect(await orderStatusOf(t, order.id)).toBe("REFUNDED");
});

test("refunding a sold-out product's order puts it back in stock", async () => {
  const scarce = await seedProduct(t, [{ price: 800, stock: 1 }]);
  const order = await paidOrder(t, alice.token, [[scarce.variants[0]!, 1]]);
  expect(await productInStock(t, scarce)).toBe(false);
  expect((await refundOrder(t, staff.token, order.id)).errors).toBeUndefined();
  expect(await stockOf(t, scarce.variants[0]!)).toBe(1);
  expect(await productInStock(t, scarce)).toBe(true);
});

test("only a PAID order can be refunded: PENDING_PAYMENT, CANCELLED and FULFILLED are CONFLICT, stock untouched", async () => {
  const pending = await placeOrder(t, alice.token, [[variant, 1]]);
  const cancelled = await placeOrder(t, alice.token, [[variant, 1]]);
  dataOf(await orderTransition(t, "cancelOrder", alice.token, cancelled.id));
  const fulfilled = await paidOrder(t, alice.token, [[variant, 1]]);
  dataOf(await orderTransition(t, "fulfillOrder", staff.token, fulfilled.id));

  const before = await stockOf(t, variant);
  for (const [order, status] of [
    [pending, "PENDING_PAYMENT"],
    [cancelled, "CANCELLED"],
    [fulfilled, "FULFILLED"],
  ] as const) {
    expectError(await refundOrder(t, staff.token, order.id), "CONFLICT");
    expect(await orderStatusOf(t, order.id)).toBe(status);
  }
  expect(await stockOf(t, variant)).toBe(before);
  expect((await paymentRowsOf(t, fulfilled.id)).map((p) => p.status)).toEqual(["SUCCEEDED"]);
});

test("a customer (even the owner) is FORBIDDEN, an anonymous caller UNAUTHENTICATED; the order stays PAID", async () => {
  const order = await paidOrder(t, alice.token, [[variant, 1]]);
  const before = await stockOf(t, variant);
  expectError(await refundOrder(t, alice.token, order.id), "FORBIDDEN");
  expectError(await refundOrder(t, undefined, order.id), "UNAUTHENTICATED");
  expect(await orderStatusOf(t, order.id)).toBe("PAID");
  expect((await paymentRowsOf(t, order.id)).map((p) => p.status)).toEqual(["SUCCEEDED"]);
  expect(await stockOf(t, variant)).toBe(before);
});

test("a missing order is NOT_FOUND; a malformed id is BAD_USER_INPUT naming orderId", async () => {
  expectError(await refundOrder(t, staff.token, globalId("Order", randomUUID())), "NOT_FOUND");
  expectError(await refundOrder(t, staff.token, variant.id), "BAD_USER_INPUT", "orderId");
});

test("a guest order paid by its guest is refunded by staff", async () => {
  const before = await stockOf(t, variant);
  const order = await paidOrder(t, undefined, [[variant, 2]]);
  expect(dataOf(await refundOrder(t, staff.token, order.id)).refundOrder.status).toBe("REFUNDED");
  expect((await orderPayments(t, order.id)).payments.map((p) => p.status)).toEqual(["REFUNDED"]);
  expect(await stockOf(t, variant)).toBe(before);
});
