import { randomUUID } from "node:crypto";
import { staffAccount, type Account } from "../../helpers/accounts";
import { cartWith, readCart } from "../../helpers/carts";
import { keyOf } from "../../helpers/ids";
import { usd } from "../../helpers/money";
import { checkout, checkoutInput, countOrders, orderTransition } from "../../helpers/orders";
import { payInput, payOrderOk, refundOrder, waitForOrder } from "../../helpers/payments";
import { applyDiscountCode, createDiscountCodeOk } from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { seedProduct, seedVariant, stockOf, type SeededVariant } from "../../helpers/seed";
import { errorCodes, useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: Account;

beforeAll(async () => {
  staff = await staffAccount(t);
});

/** A guest cart holding these lines, with `code` applied. */
async function cartWithCode(lines: [SeededVariant, number][], code: string) {
  const cart = await cartWith(t, undefined, lines);
  dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code }));
  return cart;
}

function timesUsed(codeId: string): Promise<number> {
  return t.db.prisma.discountCode
    .findUniqueOrThrow({ where: { id: keyOf(codeId) } })
    .then((code) => code.timesUsed);
}

describe("checkout with a discount code", () => {
  test("the order keeps the code and its discount, spread over the lines by largest remainder", async () => {
    const product = await seedProduct(t, [
      { price: 1000, stock: 5 },
      { price: 333, stock: 5 },
    ]);
    const [ten, third] = product.variants;
    const code = await createDiscountCodeOk(t, staff.token, { value: "10" });
    const cart = await cartWithCode(
      [
        [ten!, 1],
        [third!, 3],
      ],
      code.code.toUpperCase(),
    );
    const order = dataOf(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "ada@example.com" })),
    ).checkout;
    // 10 % of 19.99 is 1.999 → 2.00; shares 100.05 and 99.95 cents → 100 + 99, the spare cent
    // to the larger remainder (the second line). Shipping: 17.99 after discount is under 50.00.
    expect(order).toMatchObject({
      discountCode: code.code,
      subtotal: usd("19.99"),
      discountTotal: usd("2.00"),
      shippingMethod: "Standard",
      shippingTotal: usd("4.99"),
      taxTotal: usd("0.00"),
      total: usd("22.98"),
    });
    expect(order.lines.map((line) => line.discountAmount)).toEqual([usd("1.00"), usd("1.00")]);
    expect(await timesUsed(code.id)).toBe(1);
    // The cart is empty and free of the code for the next order.
    expect(dataOf(await readCart(t, cart.id)).cart).toMatchObject({ lines: [], discountCode: null });
  });

  test("a FREE_SHIPPING code makes the chosen method free", async () => {
    const variant = await seedVariant(t, 1500, 5);
    const code = await createDiscountCodeOk(t, staff.token, { type: "FREE_SHIPPING", value: "0" });
    const cart = await cartWithCode([[variant, 1]], code.code);
    const order = dataOf(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "free@example.com" })),
    ).checkout;
    expect(order).toMatchObject({
      discountTotal: usd("0.00"),
      shippingTotal: usd("0.00"),
      total: usd("15.00"),
    });
  });

  test("replaying the idempotency key returns the same order and uses the code once", async () => {
    const variant = await seedVariant(t, 1500, 5);
    const code = await createDiscountCodeOk(t, staff.token, { usageLimit: 1 });
    const cart = await cartWithCode([[variant, 1]], code.code);
    const input = checkoutInput(cart.id, { email: "replay@example.com" });
    const first = dataOf(await checkout(t, undefined, input)).checkout;
    const again = dataOf(await checkout(t, undefined, input)).checkout;
    expect(again.id).toBe(first.id);
    expect(await timesUsed(code.id)).toBe(1);
  });

  test("30 parallel checkouts of different carts with a code limited to 5: exactly 5 orders carry it, 25 CONFLICT and write nothing", async () => {
    const variant = await seedVariant(t, 1200, 100);
    const code = await createDiscountCodeOk(t, staff.token, { usageLimit: 5 });
    const carts = await Promise.all(
      Array.from({ length: 30 }, () => cartWithCode([[variant, 1]], code.code)),
    );
    const ordersBefore = await countOrders(t);

    const results = await Promise.all(
      carts.map((cart, i) =>
        checkout(t, undefined, checkoutInput(cart.id, { email: `racer${i}@example.com` })),
      ),
    );

    const codes = results.map((result) => errorCodes(result)[0] ?? "OK");
    expect(codes.filter((c) => c === "OK")).toHaveLength(5);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(25);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors?.[0]?.message).toContain(code.code);
      expect(refused.errors?.[0]?.extensions?.field).toBe("discountCode");
    }
    expect(await countOrders(t)).toBe(ordersBefore + 5);
    expect(await t.db.prisma.order.count({ where: { discountCode: code.code } })).toBe(5);
    expect(await timesUsed(code.id)).toBe(5);
    expect(await t.db.prisma.discountCodeUse.count({ where: { discountCodeId: keyOf(code.id) } })).toBe(5);
    // Only the five orders took stock; the refused carts still hold their line and code.
    expect(await stockOf(t, variant)).toBe(95);
    const refusedCart = carts[codes.indexOf("CONFLICT")]!;
    expect(dataOf(await readCart(t, refusedCart.id)).cart).toMatchObject({
      discountCode: code.code,
      totalQuantity: 1,
    });
  });

  test("usageLimitPerCustomer holds for one email under 12 parallel checkouts, whatever its case", async () => {
    const variant = await seedVariant(t, 800, 100);
    const code = await createDiscountCodeOk(t, staff.token, { usageLimitPerCustomer: 2 });
    const carts = await Promise.all(
      Array.from({ length: 12 }, () => cartWithCode([[variant, 1]], code.code)),
    );
    const results = await Promise.all(
      carts.map((cart, i) =>
        checkout(
          t,
          undefined,
          checkoutInput(cart.id, { email: i % 2 ? "Shopper@Example.com" : "shopper@example.com" }),
        ),
      ),
    );
    const codes = results.map((result) => errorCodes(result)[0] ?? "OK");
    expect(codes.filter((c) => c === "OK")).toHaveLength(2);
    expect(codes.filter((c) => c === "CONFLICT")).toHaveLength(10);
    expect(await timesUsed(code.id)).toBe(2);
    // Another customer still may.
    const other = await cartWithCode([[variant, 1]], code.code);
    dataOf(await checkout(t, undefined, checkoutInput(other.id, { email: "someone.else@example.com" })));
  });

  test("a code that ended between applying and checking out is a CONFLICT, and nothing is written", async () => {
    const variant = await seedVariant(t, 900, 10);
    const code = await createDiscountCodeOk(t, staff.token);
    const cart = await cartWithCode([[variant, 2]], code.code);
    await t.db.prisma.discountCode.update({
      where: { id: keyOf(code.id) },
      data: { endsAt: new Date(Date.now() - 1000) },
    });
    const ordersBefore = await countOrders(t);
    const response = await checkout(t, undefined, checkoutInput(cart.id, { email: "late@example.com" }));
    expectError(response, "CONFLICT", "discountCode");
    expect(response.errors?.[0]?.message).toContain("has ended");
    expect(await countOrders(t)).toBe(ordersBefore);
    expect(await stockOf(t, variant)).toBe(10);
    expect(await timesUsed(code.id)).toBe(0);
    expect(dataOf(await readCart(t, cart.id)).cart).toMatchObject({
      discountCode: code.code,
      totalQuantity: 2,
    });
  });
});

describe("giving a code's use back", () => {
  test("10 racing cancels of an order give its use back exactly once; the code can be used again", async () => {
    const variant = await seedVariant(t, 1000, 10);
    const code = await createDiscountCodeOk(t, staff.token, { usageLimit: 1 });
    const cart = await cartWithCode([[variant, 1]], code.code);
    const order = dataOf(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "cancel@example.com" })),
    ).checkout;
    expect(await timesUsed(code.id)).toBe(1);

    const cancels = await Promise.all(
      Array.from({ length: 10 }, () => orderTransition(t, "cancelOrder", undefined, order.id)),
    );
    expect(cancels.filter((result) => !result.errors)).toHaveLength(1);
    expect(await timesUsed(code.id)).toBe(0);
    const uses = await t.db.prisma.discountCodeUse.findMany({ where: { orderId: keyOf(order.id) } });
    expect(uses).toHaveLength(1);
    expect(uses[0]!.releasedAt).not.toBeNull();
    // The cancelled order still shows the code it was placed with.
    const cancelled = cancels.find((result) => !result.errors)!.data!.cancelOrder;
    expect(cancelled).toMatchObject({ status: "CANCELLED", discountCode: code.code });

    const next = await cartWithCode([[variant, 1]], code.code);
    const reused = dataOf(
      await checkout(t, undefined, checkoutInput(next.id, { email: "cancel@example.com" })),
    ).checkout;
    expect(reused.discountCode).toBe(code.code);
    expect(await timesUsed(code.id)).toBe(1);
  });

  test("refunding a paid order gives its use back once, however many refunds race", async () => {
    const variant = await seedVariant(t, 1000, 10);
    const code = await createDiscountCodeOk(t, staff.token, { usageLimit: 3 });
    const cart = await cartWithCode([[variant, 1]], code.code);
    const order = dataOf(
      await checkout(
        t,
        undefined,
        checkoutInput(cart.id, { email: "refund@example.com", idempotencyKey: randomUUID() }),
      ),
    ).checkout;
    await payOrderOk(t, undefined, payInput(order.id));
    await waitForOrder(t, order.id, undefined, "PAID", "SUCCEEDED");
    expect(await timesUsed(code.id)).toBe(1);

    const refunds = await Promise.all(Array.from({ length: 5 }, () => refundOrder(t, staff.token, order.id)));
    expect(refunds.filter((result) => !result.errors)).toHaveLength(1);
    expect(await timesUsed(code.id)).toBe(0);
    const refunded = refunds.find((result) => !result.errors)!.data!.refundOrder;
    expect(refunded).toMatchObject({ status: "REFUNDED", discountCode: code.code });
  });
});
