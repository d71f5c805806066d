import { dataOf, expectError, registerOk, type Account } from "../accounts/account-flows";
import { errorCodes, startTestApp, type TestApp } from "../helpers/test-app";
import {
  cartWith,
  checkout,
  checkoutInput,
  countOrders,
  createCart,
  productInStock,
  readCart,
  readOrder,
  seedProduct,
  setVariant,
  stockOf,
  usd,
  type SeededVariant,
} from "./order-flows";

let t: TestApp;
let alice: Account;

beforeAll(async () => {
  t = await startTestApp();
  alice = await registerOk(t);
});
afterAll(async () => {
  await t.close();
});

/** One fresh variant with this price and stock, on a product of its own. */
async function freshVariant(price: number, stock: number): Promise<SeededVariant> {
  return (await seedProduct(t, [{ price, stock }])).variants[0]!;
}

describe("checkout", () => {
  test("places a PENDING_PAYMENT order with snapshot lines and server totals; takes the stock; empties the cart", async () => {
    const product = await seedProduct(t, [
      { price: 1250, stock: 5 },
      { price: 300, stock: 4 },
    ]);
    const [a, b] = product.variants;
    const customer = await registerOk(t);
    const cart = await cartWith(t, customer.token, [
      [a!, 2],
      [b!, 1],
    ]);
    const order = dataOf(
      await checkout(
        t,
        customer.token,
        checkoutInput(cart.id, {
          shippingAddress: {
            fullName: " Ada ",
            line1: "1 Main St",
            city: "Berlin",
            postalCode: "10115",
            country: "de",
          },
        }),
      ),
    ).checkout;
    expect(order).toMatchObject({
      status: "PENDING_PAYMENT",
      email: customer.email,
      customer: { id: customer.user.id, email: customer.email },
      subtotal: usd("28.00"),
      shippingTotal: usd("4.99"),
      total: usd("32.99"),
      shippingAddress: {
        fullName: "Ada",
        line1: "1 Main St",
        line2: null,
        city: "Berlin",
        postalCode: "10115",
        country: "DE",
      },
    });
    expect(order.number).toMatch(/^BZ-\d{6}$/);
    expect(order.lines).toMatchObject([
      {
        productName: product.name,
        sku: a!.sku,
        quantity: 2,
        unitPrice: usd("12.50"),
        lineTotal: usd("25.00"),
        variant: { id: a!.id },
      },
      {
        productName: product.name,
        sku: b!.sku,
        quantity: 1,
        unitPrice: usd("3.00"),
        lineTotal: usd("3.00"),
        variant: { id: b!.id },
      },
    ]);
    expect([await stockOf(t, a!), await stockOf(t, b!)]).toEqual([3, 3]);
    expect(dataOf(await readCart(t, cart.id, customer.token)).cart).toMatchObject({
      totalQuantity: 0,
      lines: [],
      subtotal: usd("0.00"),
    });

    // The catalog moves on; the order does not.
    await setVariant(t, a!, { priceAmount: 9900 });
    await t.db.prisma.product.update({ where: { id: product.key }, data: { name: "Renamed" } });
    await t.db.prisma.productVariant.update({ where: { id: a!.key }, data: { sku: `${a!.sku}-NEW` } });
    const reread = dataOf(await readOrder(t, order.id, customer.token)).order!;
    expect(reread).toMatchObject({ number: order.number, subtotal: usd("28.00"), total: usd("32.99") });
    expect(reread.lines[0]).toMatchObject({
      productName: product.name,
      sku: a!.sku,
      unitPrice: usd("12.50"),
      lineTotal: usd("25.00"),
    });
    expect(reread.lines[0]?.variant?.price).toEqual(usd("99.00"));
  });

  test.each([
    ["under 50.00: flat 4.99", 4999, "49.99", "4.99", "54.98"],
    ["exactly 50.00: free", 5000, "50.00", "0.00", "50.00"],
    ["over 50.00: free", 5001, "50.01", "0.00", "50.01"],
  ])("shipping %s", async (_label, price, subtotal, shipping, total) => {
    const cart = await cartWith(t, undefined, [[await freshVariant(price, 1), 1]]);
    const order = dataOf(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "guest@example.com" })),
    ).checkout;
    expect(order).toMatchObject({ subtotal: usd(subtotal), shippingTotal: usd(shipping), total: usd(total) });
  });

  test("selling the last unit takes the product out of stock", async () => {
    const product = await seedProduct(t, [{ price: 1000, stock: 2 }]);
    const cart = await cartWith(t, undefined, [[product.variants[0]!, 2]]);
    expect(await productInStock(t, product)).toBe(true);
    dataOf(await checkout(t, undefined, checkoutInput(cart.id, { email: "guest@example.com" })));
    expect(await stockOf(t, product.variants[0]!)).toBe(0);
    expect(await productInStock(t, product)).toBe(false);
  });

  test("a guest must give an email; the order is theirs by its id", async () => {
    const cart = await cartWith(t, undefined, [[await freshVariant(1000, 5), 1]]);
    expectError(await checkout(t, undefined, checkoutInput(cart.id)), "BAD_USER_INPUT", "email");
    expectError(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "not an email" })),
      "BAD_USER_INPUT",
      "email",
    );
    const order = dataOf(
      await checkout(t, undefined, checkoutInput(cart.id, { email: " Guest@Example.com " })),
    ).checkout;
    expect(order).toMatchObject({ email: "guest@example.com", customer: null, status: "PENDING_PAYMENT" });
  });

  test("an empty cart, another customer's cart and a malformed cart id are refused", async () => {
    const empty = await createCart(t);
    expectError(
      await checkout(t, undefined, checkoutInput(empty.id, { email: "guest@example.com" })),
      "BAD_USER_INPUT",
      "cartId",
    );
    const foreign = await cartWith(t, alice.token, [[await freshVariant(1000, 5), 1]]);
    const bob = await registerOk(t);
    expectError(await checkout(t, bob.token, checkoutInput(foreign.id)), "NOT_FOUND");
    expectError(
      await checkout(t, undefined, checkoutInput(foreign.id, { email: "guest@example.com" })),
      "NOT_FOUND",
    );
    expectError(await checkout(t, bob.token, checkoutInput("garbage")), "BAD_USER_INPUT", "cartId");
    expect(dataOf(await readCart(t, foreign.id, alice.token)).cart?.totalQuantity).toBe(1);
  });

  test("OUT_OF_STOCK names the short variant and leaves nothing behind; the key stays usable", async () => {
    const [plenty, scarce] = [await freshVariant(1000, 10), await freshVariant(500, 5)];
    const cart = await cartWith(t, undefined, [
      [plenty, 2],
      [scarce, 3],
    ]);
    await setVariant(t, scarce, { quantityAvailable: 2 }); // someone else bought the rest meanwhile
    const before = await countOrders(t);
    const input = checkoutInput(cart.id, { email: "guest@example.com" });
    const response = await checkout(t, undefined, input);
    expectError(response, "OUT_OF_STOCK");
    expect(response.errors?.[0]?.extensions?.variantIds).toEqual([scarce.id]);
    expect(await countOrders(t)).toBe(before);
    expect([await stockOf(t, plenty), await stockOf(t, scarce)]).toEqual([10, 2]);
    expect(dataOf(await readCart(t, cart.id)).cart?.lines.map((line) => line.quantity)).toEqual([2, 3]);
    await setVariant(t, scarce, { quantityAvailable: 3 });
    expect(dataOf(await checkout(t, undefined, input)).checkout.status).toBe("PENDING_PAYMENT");
    expect([await stockOf(t, plenty), await stockOf(t, scarce)]).toEqual([8, 0]);
  });
  test("a product archived after it went in the cart is refused; nothing changes", async () => {
    const product = await seedProduct(t, [{ price: 1000, stock: 5 }]);
    const cart = await cartWith(t, undefined, [[product.variants[0]!, 2]]);
    await t.db.prisma.product.update({ where: { id: product.key }, data: { archivedAt: new Date() } });
    const before = await countOrders(t);
    expectError(
      await checkout(t, undefined, checkoutInput(cart.id, { email: "guest@example.com" })),
      "BAD_USER_INPUT",
      "cartId",
    );
    expect(await countOrders(t)).toBe(before);
    expect(await stockOf(t, product.variants[0]!)).toBe(5);
    expect(dataOf(await readCart(t, cart.id)).cart?.totalQuantity).toBe(2);
  });
});

describe("idempotency", () => {
  test("the same key and input twice return the same order; only one is placed", async () => {
    const variant = await freshVariant(1000, 10);
    const cart = await cartWith(t, alice.token, [[variant, 2]]);
    const input = checkoutInput(cart.id);
    const before = await countOrders(t);
    const first = dataOf(await checkout(t, alice.token, input)).checkout;
    const second = dataOf(await checkout(t, alice.token, input)).checkout;
    expect(second).toEqual(first);
    expect(await countOrders(t)).toBe(before + 1);
    expect(await stockOf(t, variant)).toBe(8);
  });

  test("the same key with other input is CONFLICT; a malformed key is BAD_USER_INPUT", async () => {
    const variant = await freshVariant(1000, 10);
    const cart = await cartWith(t, alice.token, [[variant, 1]]);
    const input = checkoutInput(cart.id);
    dataOf(await checkout(t, alice.token, input));
    await cartWith(t, alice.token, [[variant, 1]]);
    const other = { ...input, shippingAddress: { ...input.shippingAddress, city: "Paris" } };
    expectError(await checkout(t, alice.token, other), "CONFLICT", "idempotencyKey");
    expectError(
      await checkout(t, alice.token, { ...input, email: "someone@example.com" }),
      "CONFLICT",
      "idempotencyKey",
    );
    for (const idempotencyKey of ["", "has space", "k".repeat(256)]) {
      expectError(
        await checkout(t, alice.token, { ...input, idempotencyKey }),
        "BAD_USER_INPUT",
        "idempotencyKey",
      );
    }
    expect(await stockOf(t, variant)).toBe(9);
  });

  test("keys are scoped to the caller: two customers using one key each get their own order", async () => {
    const variant = await freshVariant(1000, 10);
    const [one, two] = [await registerOk(t), await registerOk(t)];
    const idempotencyKey = `shared-${Date.now()}`;
    const orders = [];
    for (const customer of [one, two]) {
      const cart = await cartWith(t, customer.token, [[variant, 1]]);
      orders.push(
        dataOf(await checkout(t, customer.token, checkoutInput(cart.id, { idempotencyKey }))).checkout,
      );
    }
    expect(orders.map((order) => order.email)).toEqual([one.email, two.email]);
    expect(orders[0]!.id).not.toBe(orders[1]!.id);
    expect(await stockOf(t, variant)).toBe(8);
  });

  test("a key sent 10 times in parallel places exactly one order, and all 10 answers name it", async () => {
    const variant = await freshVariant(1000, 20);
    const customer = await registerOk(t);
    const cart = await cartWith(t, customer.token, [[variant, 3]]);
    const input = checkoutInput(cart.id);
    const before = await countOrders(t);
    const responses = await Promise.all(Array.from({ length: 10 }, () => checkout(t, customer.token, input)));
    const ids = responses.map((response) => dataOf(response).checkout.id);
    expect(new Set(ids).size).toBe(1);
    expect(await countOrders(t)).toBe(before + 1);
    expect(await stockOf(t, variant)).toBe(17);
  });

  test("30 checkouts racing for the last 5 units: exactly 5 orders, 25 OUT_OF_STOCK, stock 0", async () => {
    const product = await seedProduct(t, [{ price: 1500, stock: 5 }]);
    const variant = product.variants[0]!;
    const carts = await Promise.all(Array.from({ length: 30 }, () => cartWith(t, undefined, [[variant, 1]])));
    const responses = await Promise.all(
      carts.map((cart) => checkout(t, undefined, checkoutInput(cart.id, { email: "racer@example.com" }))),
    );
    const codes = responses.map((response) => errorCodes(response)[0] ?? "OK");
    expect(codes.filter((code) => code === "OK")).toHaveLength(5);
    expect(codes.filter((code) => code === "OUT_OF_STOCK")).toHaveLength(25);
    for (const response of responses.filter((r) => r.errors))
      expect(response.errors?.[0]?.extensions?.variantIds).toEqual([variant.id]);
    expect(await stockOf(t, variant)).toBe(0);
    const sold = await t.db.prisma.orderLine.aggregate({
      where: { variantId: variant.key },
      _sum: { quantity: true },
      _count: true,
    });
    expect(sold).toMatchObject({ _count: 5, _sum: { quantity: 5 } });
    expect(await productInStock(t, product)).toBe(false);
  });
});

describe("prices come only from the database", () => {
  test("no cart or checkout input has a price-like field", async () => {
    const inputs = [
      "CheckoutInput",
      "AddToCartInput",
      "UpdateCartLineInput",
      "RemoveCartLineInput",
      "AddressInput",
    ];
    for (const name of inputs) {
      const response = await t.graphql<{ __type: { inputFields: { name: string }[] } | null }>(
        "query ($name: String!) { __type(name: $name) { inputFields { name } } }",
        { name },
      );
      const fields = dataOf(response).__type?.inputFields.map((field) => field.name) ?? [];
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.filter((field) => /price|amount|total|cost|discount|currency/i.test(field))).toEqual([]);
    }
  });

  test("a price smuggled into the input is refused, and no order is placed", async () => {
    const variant = await freshVariant(1000, 5);
    const cart = await cartWith(t, alice.token, [[variant, 1]]);
    const before = await countOrders(t);
    const input = Object.assign(checkoutInput(cart.id), { total: "0.01", unitPrice: "0.01" });
    expect(new Set(errorCodes(await checkout(t, alice.token, input)))).toEqual(new Set(["BAD_USER_INPUT"]));
    expect(await countOrders(t)).toBe(before);
    expect(await stockOf(t, variant)).toBe(5);
  });
});
