import { randomUUID } from "node:crypto";
import { dataOf, expectError, globalId, registerOk, type Account } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  myOrders,
  orderTransition,
  placeOrder,
  productInStock,
  readOrder,
  seedProduct,
  setOrderStatus,
  staffAccount,
  staffOrders,
  stockOf,
  usd,
  type OrderPage,
  type OrderStatus,
  type SeededVariant,
} from "./order-flows";

let t: TestApp;
let alice: Account;
let bob: Account;
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob, staff] = [await registerOk(t), await registerOk(t), await staffAccount(t)];
  variant = (await seedProduct(t, [{ price: 2000, stock: 1000 }])).variants[0]!;
});
afterAll(async () => {
  await t.close();
});

const ids = (page: OrderPage) => page.edges.map((edge) => edge.node.id);

describe("reading orders", () => {
  test("the owner and staff read an order; another customer or an anonymous caller get NOT_FOUND, as for a missing id", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    expect(dataOf(await readOrder(t, order.id, alice.token)).order).toEqual(order);
    expect(dataOf(await readOrder(t, order.id, staff.token)).order).toEqual(order);
    const missing = await readOrder(t, globalId("Order", randomUUID()), bob.token);
    expectError(missing, "NOT_FOUND");
    expect(await readOrder(t, order.id, bob.token)).toEqual(missing);
    expect(await readOrder(t, order.id)).toEqual(missing);
    const nodeOf = async (token?: string) =>
      dataOf(
        await t.graphql<{ node: { id: string } | null }>(
          "query ($id: ID!) { node(id: $id) { id } }",
          { id: order.id },
          token ? { token } : {},
        ),
      ).node;
    expect(await nodeOf(alice.token)).toEqual({ id: order.id });
    expect(await nodeOf(staff.token)).toEqual({ id: order.id });
    expect([await nodeOf(bob.token), await nodeOf()]).toEqual([null, null]);
    expectError(await readOrder(t, "nope", bob.token), "BAD_USER_INPUT", "id");
    expectError(await readOrder(t, variant.id, bob.token), "BAD_USER_INPUT", "id");
  });

  test("a guest order is read with the id checkout returned", async () => {
    const order = await placeOrder(t, undefined, [[variant, 2]]);
    expect(order).toMatchObject({ email: "guest@example.com", customer: null, total: usd("44.99") });
    expect(dataOf(await readOrder(t, order.id)).order).toEqual(order);
    expect(dataOf(await readOrder(t, order.id, staff.token)).order?.id).toBe(order.id);
  });

  test("customer, lines.variant and shippingAddress; a deleted variant leaves the snapshot", async () => {
    const gone = (await seedProduct(t, [{ price: 700, stock: 3 }])).variants[0]!;
    const order = await placeOrder(t, alice.token, [
      [variant, 1],
      [gone, 1],
    ]);
    expect(order.customer).toEqual({ id: alice.user.id, email: alice.email });
    expect(order.lines.map((line) => line.variant)).toEqual([
      { id: variant.id, sku: variant.sku, price: usd("20.00") },
      { id: gone.id, sku: gone.sku, price: usd("7.00") },
    ]);
    expect(order.shippingAddress).toMatchObject({
      fullName: "Ada Lovelace",
      city: "London",
      postalCode: "SW1Y 4JH",
      country: "GB",
      line2: null,
    });
    expect(order.shippingAddress.id).toEqual(expect.any(String));
    await t.db.prisma.productVariant.delete({ where: { id: gone.key } });
    const reread = dataOf(await readOrder(t, order.id, alice.token)).order!;
    expect(reread.lines[1]).toMatchObject({
      variant: null,
      sku: gone.sku,
      unitPrice: usd("7.00"),
      quantity: 1,
    });
  });

  test("me { orders } lists only the caller's orders, newest first, in pages with cursors", async () => {
    const carol = await registerOk(t);
    const placed: string[] = [];
    for (let i = 0; i < 3; i += 1) placed.push((await placeOrder(t, carol.token, [[variant, 1]])).id);
    await placeOrder(t, bob.token, [[variant, 1]]);
    const first = dataOf(await myOrders(t, carol.token, { first: 2 })).me!.orders;
    expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(ids(first)).toEqual([placed[2], placed[1]]);
    const second = dataOf(await myOrders(t, carol.token, { first: 2, after: first.pageInfo.endCursor })).me!
      .orders;
    expect(second).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect(ids(second)).toEqual([placed[0]]);
    expectError(
      await myOrders(t, carol.token, { first: 2, after: `${first.pageInfo.endCursor}x` }),
      "BAD_USER_INPUT",
      "after",
    );
    expectError(await myOrders(t, carol.token, { first: 0 }), "BAD_USER_INPUT", "first");
  });

  test("staff list all orders by status, page by page", async () => {
    const mine = [
      await placeOrder(t, alice.token, [[variant, 1]]),
      await placeOrder(t, undefined, [[variant, 1]]),
      await placeOrder(t, bob.token, [[variant, 1]]),
    ];
    await setOrderStatus(t, mine[0]!.id, "PAID");
    await setOrderStatus(t, mine[2]!.id, "PAID");
    const pages: OrderPage[] = [];
    let after: string | null = null;
    do {
      const page: OrderPage = dataOf(
        await staffOrders(t, staff.token, { first: 1, after, status: "PAID" }),
      ).orders;
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const paid = await t.db.prisma.order.count({ where: { status: "PAID" } });
    expect(pages).toHaveLength(paid);
    expect(pages.every((page) => page.totalCount === paid && page.edges.length === 1)).toBe(true);
    expect(pages.flatMap((page) => page.edges.map((edge) => edge.node.status))).toEqual(
      Array<OrderStatus>(paid).fill("PAID"),
    );
    expect(ids(pages[0]!)).toEqual([mine[2]!.id]);
    expect(ids(pages[1]!)).toEqual([mine[0]!.id]);
    const pending = dataOf(
      await staffOrders(t, staff.token, { first: 100, status: "PENDING_PAYMENT" }),
    ).orders;
    expect(ids(pending)).toContain(mine[1]!.id);
    expect(ids(pending)).not.toContain(mine[0]!.id);
    const all = dataOf(await staffOrders(t, staff.token, { first: 100 })).orders;
    expect(all.totalCount).toBe(await t.db.prisma.order.count());
  });

  test("orders is for staff: a customer is FORBIDDEN, an anonymous caller UNAUTHENTICATED", async () => {
    expectError(await staffOrders(t, alice.token, {}), "FORBIDDEN");
    expectError(await staffOrders(t, undefined, {}), "UNAUTHENTICATED");
  });
});

describe("cancelOrder", () => {
  test("returns the stock exactly once; cancelling again is CONFLICT", async () => {
    const before = await stockOf(t, variant);
    const order = await placeOrder(t, alice.token, [[variant, 3]]);
    expect(await stockOf(t, variant)).toBe(before - 3);
    const cancelled = dataOf(await orderTransition(t, "cancelOrder", alice.token, order.id)).cancelOrder!;
    expect(cancelled).toMatchObject({ id: order.id, status: "CANCELLED", total: order.total });
    expect(await stockOf(t, variant)).toBe(before);
    expectError(await orderTransition(t, "cancelOrder", alice.token, order.id), "CONFLICT");
    expectError(await orderTransition(t, "cancelOrder", staff.token, order.id), "CONFLICT");
    expect(await stockOf(t, variant)).toBe(before);
  });

  test("two cancels racing: one wins, one CONFLICT, stock returned once", async () => {
    const before = await stockOf(t, variant);
    const order = await placeOrder(t, undefined, [[variant, 4]]);
    const results = await Promise.all(
      [0, 1].map(() => orderTransition(t, "cancelOrder", undefined, order.id)),
    );
    expect(
      results
        .map((result) => result.errors?.[0]?.extensions?.code ?? result.data?.cancelOrder?.status)
        .sort(),
    ).toEqual(["CANCELLED", "CONFLICT"]);
    expect(await stockOf(t, variant)).toBe(before);
  });

  test("another customer's order is NOT_FOUND, for customers and anonymous callers; nothing changes", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    const stock = await stockOf(t, variant);
    const missing = await orderTransition(t, "cancelOrder", bob.token, globalId("Order", randomUUID()));
    expectError(missing, "NOT_FOUND");
    expect(await orderTransition(t, "cancelOrder", bob.token, order.id)).toEqual(missing);
    expectError(await orderTransition(t, "cancelOrder", undefined, order.id), "NOT_FOUND");
    expectError(await orderTransition(t, "cancelOrder", bob.token, "bad"), "BAD_USER_INPUT", "orderId");
    expect(dataOf(await readOrder(t, order.id, alice.token)).order?.status).toBe("PENDING_PAYMENT");
    expect(await stockOf(t, variant)).toBe(stock);
  });

  test("staff may cancel an unpaid order; a paid order cannot be cancelled", async () => {
    const order = await placeOrder(t, bob.token, [[variant, 1]]);
    expect(dataOf(await orderTransition(t, "cancelOrder", staff.token, order.id)).cancelOrder?.status).toBe(
      "CANCELLED",
    );
    const paid = await placeOrder(t, bob.token, [[variant, 2]]);
    await setOrderStatus(t, paid.id, "PAID");
    const stock = await stockOf(t, variant);
    expectError(await orderTransition(t, "cancelOrder", bob.token, paid.id), "CONFLICT");
    expect(await stockOf(t, variant)).toBe(stock);
  });

  test("cancelling puts a sold-out product back in stock", async () => {
    const product = await seedProduct(t, [{ price: 1000, stock: 1 }]);
    const order = await placeOrder(t, alice.token, [[product.variants[0]!, 1]]);
    expect(await productInStock(t, product)).toBe(false);
    dataOf(await orderTransition(t, "cancelOrder", alice.token, order.id));
    expect(await productInStock(t, product)).toBe(true);
    expect(await stockOf(t, product.variants[0]!)).toBe(1);
  });
});

describe("fulfillOrder", () => {
  test("only a PAID order can be fulfilled, only by staff, only once", async () => {
    const order = await placeOrder(t, alice.token, [[variant, 1]]);
    expectError(await orderTransition(t, "fulfillOrder", staff.token, order.id), "CONFLICT");
    await setOrderStatus(t, order.id, "PAID");
    expectError(await orderTransition(t, "fulfillOrder", alice.token, order.id), "FORBIDDEN");
    expectError(await orderTransition(t, "fulfillOrder", undefined, order.id), "UNAUTHENTICATED");
    const stock = await stockOf(t, variant);
    const fulfilled = dataOf(await orderTransition(t, "fulfillOrder", staff.token, order.id)).fulfillOrder!;
    expect(fulfilled).toMatchObject({ id: order.id, status: "FULFILLED" });
    expect(new Date(fulfilled.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(order.updatedAt).getTime(),
    );
    expectError(await orderTransition(t, "fulfillOrder", staff.token, order.id), "CONFLICT");
    expectError(await orderTransition(t, "cancelOrder", alice.token, order.id), "CONFLICT");
    expect(await stockOf(t, variant)).toBe(stock);
    expectError(
      await orderTransition(t, "fulfillOrder", staff.token, globalId("Order", randomUUID())),
      "NOT_FOUND",
    );
  });
});
