import { randomUUID } from "node:crypto";
import { registerOk, type Account } from "../../helpers/accounts";
import { globalId } from "../../helpers/ids";
import { orderTransition, placeOrder } from "../../helpers/orders";
import {
  orderPayments,
  payInput,
  paymentRowsOf,
  payOrder,
  payOrderOk,
  postWebhook,
  useHeldApp,
} from "../../helpers/payments";
import { expectError } from "../../helpers/results";
import { seedVariant, type SeededVariant } from "../../helpers/seed";

/**
 * payOrder's rules. The gateway's webhooks are held in a sink (see `useHeldApp`), so a
 * payment stays PENDING until a test forwards its outcome: nothing here races a callback.
 */

const { t, sink } = useHeldApp();
let alice: Account;
let bob: Account;
let variant: SeededVariant;

beforeAll(async () => {
  [alice, bob] = [await registerOk(t), await registerOk(t)];
  variant = await seedVariant(t, 2500, 1000);
});

/** Delivers the gateway's (held) webhook for the order's newest payment to the app. */
async function releaseOutcome(orderId: string): Promise<void> {
  const row = (await paymentRowsOf(t, orderId)).at(-1)!;
  const delivery = await sink.deliveryFor(row.providerRef);
  expect(await postWebhook(t, delivery)).toEqual({
    status: 200,
    body: { received: true, outcome: "processed" },
  });
}

describe("idempotency", () => {
  test("the same key twice returns the same payment; one row, one gateway payment", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id);
    const first = await payOrderOk(t, alice.token, input);
    const second = await payOrderOk(t, alice.token, input);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ status: "PENDING", amount: { amount: "29.99", currencyCode: "USD" } });
    const rows = await paymentRowsOf(t, order.id);
    expect(rows).toHaveLength(1);
    await sink.deliveryFor(rows[0]!.providerRef);
    expect(sink.deliveries.filter((d) => d.event.providerRef === rows[0]!.providerRef)).toHaveLength(1);
  });

  test("the same key with another token is a CONFLICT naming idempotencyKey, and starts nothing", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id, "tok_visa");
    await payOrderOk(t, alice.token, input);
    expectError(
      await payOrder(t, alice.token, { ...input, paymentToken: "tok_mastercard" }),
      "CONFLICT",
      "idempotencyKey",
    );
    // The same key for another order of the same customer is other input too.
    const other = await placeOrder(t, alice.token, [[variant, 1]]);
    expectError(
      await payOrder(t, alice.token, { ...input, orderId: other.id }),
      "CONFLICT",
      "idempotencyKey",
    );
    expect(await paymentRowsOf(t, order.id)).toHaveLength(1);
    expect(await paymentRowsOf(t, other.id)).toHaveLength(0);
  });

  test("10 parallel payOrder calls with the same key make one payment, and all answer it", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => payOrder(t, alice.token, input)));
    expect(answers.map((answer) => answer.errors)).toEqual(Array(10).fill(undefined));
    const ids = new Set(answers.map((answer) => answer.data?.payOrder.id));
    expect(ids.size).toBe(1);
    const rows = await paymentRowsOf(t, order.id);
    expect(rows).toHaveLength(1);
    expect(globalId("Payment", rows[0]!.id)).toBe([...ids][0]);
  });

  test("keys belong to the caller: another customer's identical key is independent", async () => {
    const key = randomUUID();
    const mine = await placeOrder(t, alice.token, [[variant, 1]]);
    const theirs = await placeOrder(t, bob.token, [[variant, 1]]);
    const a = await payOrderOk(t, alice.token, payInput(mine.id, "tok_visa", key));
    const b = await payOrderOk(t, bob.token, payInput(theirs.id, "tok_visa", key));
    expect(a.id).not.toBe(b.id);
  });

  test("a replay after the order is paid still returns the stored payment, now SUCCEEDED", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id);
    const payment = await payOrderOk(t, alice.token, input);
    await releaseOutcome(order.id);
    expect(await payOrderOk(t, alice.token, input)).toEqual({ ...payment, status: "SUCCEEDED" });
    expect(await paymentRowsOf(t, order.id)).toHaveLength(1);
  });

  test("an expired key (not yet swept) replays nothing: for an order paid since, the order's CONFLICT", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id);
    await payOrderOk(t, alice.token, input);
    await releaseOutcome(order.id);
    await t.db.prisma.idempotencyKey.updateMany({
      where: { key: input.idempotencyKey },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expectError(await payOrder(t, alice.token, input), "CONFLICT");
    expect(await paymentRowsOf(t, order.id)).toHaveLength(1);
  });

  test("malformed keys are BAD_USER_INPUT naming idempotencyKey", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    for (const key of ["", "has space", "x".repeat(256), "ключ"]) {
      expectError(
        await payOrder(t, alice.token, payInput(order.id, "tok_visa", key)),
        "BAD_USER_INPUT",
        "idempotencyKey",
      );
    }
    expect(await paymentRowsOf(t, order.id)).toHaveLength(0);
  });
});

describe("one attempt at a time, and only for an unpaid order", () => {
  test("a second payOrder (another key) while one is PENDING is a CONFLICT; after a decline, paying again is allowed", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const first = await payOrderOk(t, alice.token, payInput(order.id, "tok_chargeDeclined"));
    expect(first.status).toBe("PENDING");
    expectError(await payOrder(t, alice.token, payInput(order.id, "tok_visa")), "CONFLICT");
    expect(await paymentRowsOf(t, order.id)).toHaveLength(1);

    await releaseOutcome(order.id);
    expect(await orderPayments(t, order.id, alice.token)).toMatchObject({
      status: "PENDING_PAYMENT",
      payments: [{ id: first.id, status: "FAILED" }],
    });
    const second = await payOrderOk(t, alice.token, payInput(order.id, "tok_visa"));
    expect(second.status).toBe("PENDING");
    await releaseOutcome(order.id);
    expect(await orderPayments(t, order.id, alice.token)).toMatchObject({
      status: "PAID",
      payments: [{ status: "FAILED" }, { id: second.id, status: "SUCCEEDED" }],
    });
  });

  test("parallel payOrder calls with different keys start exactly one payment", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => payOrder(t, alice.token, payInput(order.id))),
    );
    const codes = answers.map((answer) => answer.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "CONFLICT", "OK"]);
    expect(await paymentRowsOf(t, order.id)).toHaveLength(1);
  });

  test("paying a PAID or a CANCELLED order is a CONFLICT", async () => {
    const paid = await placeOrder(t, alice.token, [[variant, 1]]);
    await payOrderOk(t, alice.token, payInput(paid.id));
    await releaseOutcome(paid.id);
    expectError(await payOrder(t, alice.token, payInput(paid.id)), "CONFLICT");
    expect(await paymentRowsOf(t, paid.id)).toHaveLength(1);

    const cancelled = await placeOrder(t, alice.token, [[variant, 1]]);
    expect((await orderTransition(t, "cancelOrder", alice.token, cancelled.id)).errors).toBeUndefined();
    expectError(await payOrder(t, alice.token, payInput(cancelled.id)), "CONFLICT");
    expect(await paymentRowsOf(t, cancelled.id)).toHaveLength(0);
  });
});

describe("who may pay, and with what", () => {
  test("an unknown token is BAD_USER_INPUT naming paymentToken; nothing is recorded and the key stays usable", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const input = payInput(order.id, "tok_nonsense");
    expectError(await payOrder(t, alice.token, input), "BAD_USER_INPUT", "paymentToken");
    expectError(
      await payOrder(t, alice.token, { ...input, paymentToken: "" }),
      "BAD_USER_INPUT",
      "paymentToken",
    );
    expect(await paymentRowsOf(t, order.id)).toHaveLength(0);
    expect((await payOrderOk(t, alice.token, { ...input, paymentToken: "tok_visa" })).status).toBe("PENDING");
  });

  test("another customer's order, or a customer's order paid anonymously, is NOT_FOUND as for a missing id", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const missing = await payOrder(t, bob.token, payInput(globalId("Order", randomUUID())));
    expectError(missing, "NOT_FOUND");
    const asBob = await payOrder(t, bob.token, payInput(order.id));
    expect(asBob.errors?.map((e) => [e.message, e.extensions?.code])).toEqual(
      missing.errors?.map((e) => [e.message, e.extensions?.code]),
    );
    expectError(await payOrder(t, undefined, payInput(order.id)), "NOT_FOUND");
    expectError(await payOrder(t, bob.token, payInput(variant.id)), "BAD_USER_INPUT", "orderId");
    expect(await paymentRowsOf(t, order.id)).toHaveLength(0);
  });

  test("a guest pays their own guest order; the amount is the order's total, never a client's figure", async () => {
    const order = await placeOrder(t, undefined, [[variant, 2]]);
    const payment = await payOrderOk(t, undefined, payInput(order.id));
    expect(payment.amount).toEqual(order.total);
    const [row] = await paymentRowsOf(t, order.id);
    expect(row).toMatchObject({ amount: 5000, currencyCode: "USD", gateway: "test", status: "PENDING" });
    // What the gateway was asked to charge is that total too.
    expect((await sink.deliveryFor(row!.providerRef)).event).toMatchObject({
      amount: 5000,
      currencyCode: "USD",
      type: "payment.succeeded",
    });
    await releaseOutcome(order.id);
    expect((await orderPayments(t, order.id)).status).toBe("PAID");
  });

  test("node(id) shows a payment only to whoever may see its order", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const payment = await payOrderOk(t, alice.token, payInput(order.id));
    const nodeOf = async (token?: string) =>
      (
        await t.graphql<{ node: { id: string; status: string } | null }>(
          "query ($id: ID!) { node(id: $id) { id ... on Payment { status } } }",
          { id: payment.id },
          { token },
        )
      ).data?.node;
    expect(await nodeOf(alice.token)).toEqual({ id: payment.id, status: "PENDING" });
    expect([await nodeOf(bob.token), await nodeOf()]).toEqual([null, null]);
  });
});
