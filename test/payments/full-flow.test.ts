import { dataOf, registerOk, type Account } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  addToCart,
  checkout,
  checkoutInput,
  createCart,
  orderTransition,
  placeOrder,
  readOrder,
  seedProduct,
  staffAccount,
  stockOf,
  usd,
  type SeededVariant,
} from "../orders/order-flows";
import { orderPayments, payInput, payOrderOk, paymentRowsOf, waitFor, waitForOrder } from "./payment-flows";

/**
 * The whole path with the real test gateway: it answers each payment with a signed webhook
 * POSTed back to this app over HTTP, so nothing here forwards or forges anything.
 */

let t: TestApp;
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  t = await startTestApp();
  staff = await staffAccount(t);
  variant = (await seedProduct(t, [{ price: 1999, stock: 100 }])).variants[0]!;
});
afterAll(async () => {
  await t.close();
});

test("register → cart → checkout → payOrder → the gateway's webhook → PAID → staff fulfil → FULFILLED, over HTTP", async () => {
  const alice = await registerOk(t);
  const cart = await createCart(t, alice.token);
  const filled = dataOf(
    await addToCart(t, alice.token, { cartId: cart.id, variantId: variant.id, quantity: 2 }),
  ).addToCart;
  expect(filled.subtotal).toEqual(usd("39.98"));

  const order = dataOf(await checkout(t, alice.token, checkoutInput(cart.id))).checkout;
  expect(order).toMatchObject({ status: "PENDING_PAYMENT", total: usd("44.97"), email: alice.email });
  expect(await stockOf(t, variant)).toBe(98);

  const payment = await payOrderOk(t, alice.token, payInput(order.id, "tok_visa"));
  expect(payment).toMatchObject({ gateway: "test", status: "PENDING", amount: usd("44.97") });

  // Bounded polling: the webhook arrives about 100 ms later, over real HTTP.
  const paid = await waitForOrder(t, order.id, alice.token, "PAID", "SUCCEEDED");
  expect(paid.payments).toEqual([{ ...payment, status: "SUCCEEDED" }]);
  const rows = await paymentRowsOf(t, order.id);
  expect(rows.map((row) => [row.status, row.amount, row.currencyCode])).toEqual([["SUCCEEDED", 4497, "USD"]]);
  expect(
    await t.db.prisma.webhookEvent.count({
      where: { payload: { path: ["providerRef"], equals: rows[0]!.providerRef } },
    }),
  ).toBe(1);

  // Only staff fulfil.
  expect(
    (await orderTransition(t, "fulfillOrder", alice.token, order.id)).errors?.[0]?.extensions?.code,
  ).toBe("FORBIDDEN");
  const fulfilled = dataOf(await orderTransition(t, "fulfillOrder", staff.token, order.id)).fulfillOrder;
  expect(fulfilled).toMatchObject({ id: order.id, status: "FULFILLED" });
  expect(dataOf(await readOrder(t, order.id, alice.token)).order?.status).toBe("FULFILLED");
  expect(await stockOf(t, variant)).toBe(98);
});

test("a declined card leaves the order PENDING_PAYMENT; a good card with another key then pays it exactly once", async () => {
  const bob = await registerOk(t);
  const before = await stockOf(t, variant);
  const order = await placeOrder(t, bob.token, [[variant, 1]]);

  const declined = await payOrderOk(t, bob.token, payInput(order.id, "tok_chargeDeclined"));
  expect(declined.status).toBe("PENDING");
  const afterDecline = await waitForOrder(t, order.id, bob.token, "PENDING_PAYMENT", "FAILED");
  expect(afterDecline.payments.map((p) => [p.id, p.status])).toEqual([[declined.id, "FAILED"]]);
  expect((await paymentRowsOf(t, order.id))[0]?.failureReason).toBe("card_declined");

  const good = await payOrderOk(t, bob.token, payInput(order.id, "tok_visa"));
  expect(good.id).not.toBe(declined.id);
  const paid = await waitForOrder(t, order.id, bob.token, "PAID", "SUCCEEDED");
  expect(paid.payments.map((p) => [p.id, p.status])).toEqual([
    [declined.id, "FAILED"],
    [good.id, "SUCCEEDED"],
  ]);

  // Once paid, no further attempt is accepted, and nothing moves later.
  expect(
    (
      await t.graphql(
        `mutation ($input: PayOrderInput!) { payOrder(input: $input) { id } }`,
        { input: payInput(order.id) },
        { token: bob.token },
      )
    ).errors?.[0]?.extensions?.code,
  ).toBe("CONFLICT");
  const rows = await paymentRowsOf(t, order.id);
  expect(rows.filter((row) => row.status === "SUCCEEDED")).toHaveLength(1);
  expect(rows).toHaveLength(2);
  // The stock was reserved once, at checkout, whatever the number of attempts.
  expect(await stockOf(t, variant)).toBe(before - 1);
});

test("a guest pays their own guest order with the id checkout gave them", async () => {
  const order = await placeOrder(t, undefined, [[variant, 3]]);
  expect(order.customer).toBeNull();
  const payment = await payOrderOk(t, undefined, payInput(order.id, "tok_mastercard"));
  expect(payment).toMatchObject({ status: "PENDING", amount: usd("59.97") });
  const paid = await waitForOrder(t, order.id, undefined, "PAID", "SUCCEEDED");
  expect(paid.payments.map((p) => p.id)).toEqual([payment.id]);
  // Staff see the same payment.
  expect((await orderPayments(t, order.id, staff.token)).payments).toEqual(paid.payments);
});

test("the gateway's webhook is acknowledged: it is recorded once and not redelivered", async () => {
  const carol = await registerOk(t);
  const order = await placeOrder(t, carol.token, [[variant, 1]]);
  await payOrderOk(t, carol.token, payInput(order.id));
  await waitForOrder(t, order.id, carol.token, "PAID", "SUCCEEDED");
  const [row] = await paymentRowsOf(t, order.id);
  const eventsFor = () =>
    t.db.prisma.webhookEvent.findMany({
      where: { payload: { path: ["providerRef"], equals: row!.providerRef } },
    });
  const events = await waitFor(eventsFor, (found) => found.length === 1 && found[0]!.processedAt !== null);
  expect(events[0]).toMatchObject({ gateway: "test", type: "payment.succeeded" });
  // A retry would come after 200 ms; well past that, there is still exactly one record and no warning.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await eventsFor()).toHaveLength(1);
  expect(t.logs.filter((log) => log.msg === "webhook delivery failed; retrying")).toEqual([]);
});
