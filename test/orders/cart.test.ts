import { randomUUID } from "node:crypto";
import {
  dataOf,
  expectError,
  globalId,
  keyOf,
  registerOk,
  uniqueEmail,
  type Account,
} from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  addToCart,
  cartWith,
  createCart,
  mergeCart,
  readCart,
  removeCartLine,
  seedProduct,
  setVariant,
  signInWithCart,
  updateCartLine,
  usd,
  type CartData,
  type SeededProduct,
} from "./order-flows";

let t: TestApp;
let alice: Account;
let bob: Account;
/** Variants: 19.99 (10 in stock), 5.00 (200 in stock), 7.50 (3 in stock). */
let product: SeededProduct;

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob] = [await registerOk(t), await registerOk(t)];
  product = await seedProduct(t, [
    { price: 1999, stock: 10 },
    { price: 500, stock: 200 },
    { price: 750, stock: 3 },
  ]);
});
afterAll(async () => {
  await t.close();
});

const variant = (index: number) => product.variants[index]!;
const summary = (cart: CartData) => cart.lines.map((line) => [line.variant.sku, line.quantity]);
const cartRow = (id: string) => t.db.prisma.cart.findUnique({ where: { id: keyOf(id) } });

describe("guest carts", () => {
  test("lines show the CURRENT price; totals are the server's", async () => {
    const mutable = await seedProduct(t, [
      { price: 1999, stock: 10 },
      { price: 500, stock: 10 },
    ]);
    const [a, b] = mutable.variants;
    const cart = await cartWith(t, undefined, [
      [a!, 2],
      [b!, 1],
    ]);
    expect(cart).toMatchObject({ totalQuantity: 3, subtotal: usd("44.98") });
    expect(cart.lines).toMatchObject([
      { quantity: 2, unitPrice: usd("19.99"), lineTotal: usd("39.98"), variant: { id: a!.id, sku: a!.sku } },
      { quantity: 1, unitPrice: usd("5.00"), lineTotal: usd("5.00"), variant: { id: b!.id } },
    ]);
    await setVariant(t, a!, { priceAmount: 2150 });
    const reread = dataOf(await readCart(t, cart.id)).cart;
    expect(reread).toMatchObject({ id: cart.id, totalQuantity: 3, subtotal: usd("48.00") });
    expect(reread?.lines[0]).toMatchObject({ unitPrice: usd("21.50"), lineTotal: usd("43.00") });
  });

  test("adding a variant twice adds to its one line", async () => {
    const cart = await cartWith(t, undefined, [
      [variant(1), 2],
      [variant(1), 3],
    ]);
    expect(cart.lines).toHaveLength(1);
    expect(cart).toMatchObject({ totalQuantity: 5, lines: [{ quantity: 5, lineTotal: usd("25.00") }] });
  });

  test.each([0, -1, 100])(
    "quantity %i is BAD_USER_INPUT, in addToCart and updateCartLine",
    async (quantity) => {
      const cart = await cartWith(t, undefined, [[variant(1), 1]]);
      expectError(
        await addToCart(t, undefined, { cartId: cart.id, variantId: variant(1).id, quantity }),
        "BAD_USER_INPUT",
        "quantity",
      );
      expectError(
        await updateCartLine(t, undefined, { cartId: cart.id, lineId: cart.lines[0]!.id, quantity }),
        "BAD_USER_INPUT",
        "quantity",
      );
      expect(dataOf(await readCart(t, cart.id)).cart?.totalQuantity).toBe(1);
    },
  );

  test("a line may not grow past 99 units", async () => {
    const cart = await cartWith(t, undefined, [[variant(1), 60]]);
    expectError(
      await addToCart(t, undefined, { cartId: cart.id, variantId: variant(1).id, quantity: 40 }),
      "BAD_USER_INPUT",
      "quantity",
    );
    expect(dataOf(await readCart(t, cart.id)).cart?.lines[0]?.quantity).toBe(60);
    const full = dataOf(
      await addToCart(t, undefined, { cartId: cart.id, variantId: variant(1).id, quantity: 39 }),
    ).addToCart;
    expect(full.lines[0]?.quantity).toBe(99);
  });

  test("more than is in stock is OUT_OF_STOCK naming the variant (counting what the line holds)", async () => {
    const cart = await createCart(t);
    const input = { cartId: cart.id, variantId: variant(2).id };
    const tooMany = await addToCart(t, undefined, { ...input, quantity: 4 });
    expectError(tooMany, "OUT_OF_STOCK");
    expect(tooMany.errors?.[0]?.extensions?.variantIds).toEqual([variant(2).id]);
    const line = dataOf(await addToCart(t, undefined, { ...input, quantity: 3 })).addToCart.lines[0]!;
    expectError(await addToCart(t, undefined, { ...input, quantity: 1 }), "OUT_OF_STOCK");
    expectError(
      await updateCartLine(t, undefined, { cartId: cart.id, lineId: line.id, quantity: 4 }),
      "OUT_OF_STOCK",
    );
    expect(dataOf(await readCart(t, cart.id)).cart?.lines[0]?.quantity).toBe(3);
  });

  test("an archived product's variant, or one that does not exist, is NOT_FOUND", async () => {
    const archived = await seedProduct(t, [{ price: 1000, stock: 5 }], { archived: true });
    const cart = await createCart(t);
    expectError(
      await addToCart(t, undefined, { cartId: cart.id, variantId: archived.variants[0]!.id, quantity: 1 }),
      "NOT_FOUND",
    );
    const missing = globalId("ProductVariant", randomUUID());
    expectError(
      await addToCart(t, undefined, { cartId: cart.id, variantId: missing, quantity: 1 }),
      "NOT_FOUND",
    );
    expect(dataOf(await readCart(t, cart.id)).cart?.lines).toEqual([]);
  });

  test("updateCartLine and removeCartLine; a line that is not in this cart is NOT_FOUND", async () => {
    const cart = await cartWith(t, undefined, [
      [variant(0), 1],
      [variant(1), 2],
    ]);
    const [first, second] = cart.lines;
    const updated = dataOf(
      await updateCartLine(t, undefined, { cartId: cart.id, lineId: first!.id, quantity: 4 }),
    ).updateCartLine;
    expect(updated).toMatchObject({ totalQuantity: 6, subtotal: usd("89.96") });
    const removed = dataOf(
      await removeCartLine(t, undefined, { cartId: cart.id, lineId: second!.id }),
    ).removeCartLine;
    expect(summary(removed)).toEqual([[variant(0).sku, 4]]);
    expectError(await removeCartLine(t, undefined, { cartId: cart.id, lineId: second!.id }), "NOT_FOUND");
    const unknown = globalId("CartLine", randomUUID());
    expectError(
      await updateCartLine(t, undefined, { cartId: cart.id, lineId: unknown, quantity: 1 }),
      "NOT_FOUND",
    );
    const other = await cartWith(t, undefined, [[variant(1), 1]]);
    expectError(
      await updateCartLine(t, undefined, { cartId: cart.id, lineId: other.lines[0]!.id, quantity: 2 }),
      "NOT_FOUND",
    );
    expectError(
      await removeCartLine(t, undefined, { cartId: cart.id, lineId: other.lines[0]!.id }),
      "NOT_FOUND",
    );
    expect(dataOf(await readCart(t, other.id)).cart?.totalQuantity).toBe(1);
  });

  test("concurrent adds to one line are applied one at a time: never past 99 units", async () => {
    const cart = await createCart(t);
    const add = () => addToCart(t, undefined, { cartId: cart.id, variantId: variant(1).id, quantity: 10 });
    const responses = await Promise.all(Array.from({ length: 10 }, add));
    expect(responses.filter((response) => !response.errors)).toHaveLength(9);
    expect(
      responses.flatMap((response) => response.errors ?? []).map((error) => error.extensions?.code),
    ).toEqual(["BAD_USER_INPUT"]);
    expect(dataOf(await readCart(t, cart.id)).cart).toMatchObject({
      totalQuantity: 90,
      lines: [{ quantity: 90 }],
    });
  });

  test("malformed or wrongly typed ids are BAD_USER_INPUT naming the field", async () => {
    const cart = await cartWith(t, undefined, [[variant(1), 1]]);
    const lineId = cart.lines[0]!.id;
    expectError(await readCart(t, "not-an-id"), "BAD_USER_INPUT", "id");
    expectError(await readCart(t, product.id), "BAD_USER_INPUT", "id");
    expectError(
      await addToCart(t, undefined, { cartId: "x", variantId: variant(1).id, quantity: 1 }),
      "BAD_USER_INPUT",
      "cartId",
    );
    expectError(
      await addToCart(t, undefined, { cartId: cart.id, variantId: product.id, quantity: 1 }),
      "BAD_USER_INPUT",
      "variantId",
    );
    expectError(
      await updateCartLine(t, undefined, { cartId: cart.id, lineId: cart.id, quantity: 1 }),
      "BAD_USER_INPUT",
      "lineId",
    );
    expectError(
      await removeCartLine(t, undefined, { cartId: cart.id, lineId: "%%%" }),
      "BAD_USER_INPUT",
      "lineId",
    );
    expectError(await mergeCart(t, alice.token, lineId), "BAD_USER_INPUT", "cartId");
    expectError(
      await signInWithCart(t, "login", { email: alice.email, password: alice.password, cartId: "nope" }),
      "BAD_USER_INPUT",
      "cartId",
    );
  });
});

describe("customer carts", () => {
  test("a signed-in createCart returns the customer's one cart every time", async () => {
    const first = await createCart(t, alice.token);
    expect((await createCart(t, alice.token)).id).toBe(first.id);
    expect((await createCart(t, bob.token)).id).not.toBe(first.id);
    expect((await createCart(t)).id).not.toBe(first.id);
  });

  test("concurrent createCart calls of a new customer all get the one cart", async () => {
    const gina = await registerOk(t);
    const carts = await Promise.all(Array.from({ length: 5 }, () => createCart(t, gina.token)));
    expect(new Set(carts.map((cart) => cart.id)).size).toBe(1);
    expect(await t.db.prisma.cart.count({ where: { userId: keyOf(gina.user.id) } })).toBe(1);
  });

  test("node(id) refetches a cart for whoever may use it, and is null for others", async () => {
    const nodeOf = async (id: string, token?: string) =>
      dataOf(
        await t.graphql<{ node: { __typename: string; id: string } | null }>(
          "query ($id: ID!) { node(id: $id) { __typename id } }",
          { id },
          token ? { token } : {},
        ),
      ).node;
    const guest = await createCart(t);
    const mine = await createCart(t, alice.token);
    expect(await nodeOf(guest.id)).toEqual({ __typename: "Cart", id: guest.id });
    expect(await nodeOf(mine.id, alice.token)).toEqual({ __typename: "Cart", id: mine.id });
    expect(await nodeOf(mine.id, bob.token)).toBeNull();
    expect(await nodeOf(mine.id)).toBeNull();
  });

  test("cart(id) of another customer's cart is a NOT_FOUND error, to others and to anonymous callers, exactly like a missing one", async () => {
    const mine = await createCart(t, alice.token);
    const missing = await readCart(t, globalId("Cart", randomUUID()), bob.token);
    expectError(missing, "NOT_FOUND");
    for (const token of [bob.token, undefined]) expect(await readCart(t, mine.id, token)).toEqual(missing);
    expect(dataOf(await readCart(t, mine.id, alice.token)).cart?.id).toBe(mine.id);
  });

  test("others cannot change a customer's cart: NOT_FOUND, and the cart stays as it was", async () => {
    const mine = await cartWith(t, alice.token, [[variant(1), 1]]);
    const line = mine.lines.find((l) => l.variant.id === variant(1).id)!;
    for (const token of [bob.token, undefined]) {
      expectError(
        await addToCart(t, token, { cartId: mine.id, variantId: variant(1).id, quantity: 1 }),
        "NOT_FOUND",
      );
      expectError(
        await updateCartLine(t, token, { cartId: mine.id, lineId: line.id, quantity: 5 }),
        "NOT_FOUND",
      );
      expectError(await removeCartLine(t, token, { cartId: mine.id, lineId: line.id }), "NOT_FOUND");
    }
    expectError(await mergeCart(t, bob.token, mine.id), "NOT_FOUND");
    expect(await createCart(t, alice.token)).toEqual(mine);
  });

  test("login with a guest cartId merges its lines (quantities add up) and the guest cart is gone", async () => {
    const carol = await registerOk(t);
    await cartWith(t, carol.token, [[variant(0), 2]]);
    const guest = await cartWith(t, undefined, [
      [variant(0), 3],
      [variant(1), 1],
    ]);
    const signedIn = dataOf(
      await signInWithCart(t, "login", { email: carol.email, password: carol.password, cartId: guest.id }),
    );
    const merged = await createCart(t, signedIn.login!.token);
    expect(merged.id).not.toBe(guest.id);
    expect(summary(merged)).toEqual([
      [variant(0).sku, 5],
      [variant(1).sku, 1],
    ]);
    expect(await cartRow(guest.id)).toBeNull();
    expectError(
      await addToCart(t, undefined, { cartId: guest.id, variantId: variant(1).id, quantity: 1 }),
      "NOT_FOUND",
    );
  });

  test("register with a guest cartId takes the guest's lines along", async () => {
    const guest = await cartWith(t, undefined, [[variant(1), 4]]);
    const input = {
      email: uniqueEmail("cart"),
      password: "correct horse battery",
      name: "Dana",
      cartId: guest.id,
    };
    const { register } = dataOf(await signInWithCart(t, "register", input));
    expect(summary(await createCart(t, register!.token))).toEqual([[variant(1).sku, 4]]);
    expect(await cartRow(guest.id)).toBeNull();
  });

  test("mergeCart after login merges the same way (a line caps at 99); anonymous callers are UNAUTHENTICATED", async () => {
    const erin = await registerOk(t);
    await cartWith(t, erin.token, [
      [variant(1), 60],
      [variant(0), 1],
    ]);
    const guest = await cartWith(t, undefined, [
      [variant(1), 50],
      [variant(2), 2],
    ]);
    expectError(await mergeCart(t, undefined, guest.id), "UNAUTHENTICATED");
    const merged = dataOf(await mergeCart(t, erin.token, guest.id)).mergeCart;
    expect(merged.id).toBe((await createCart(t, erin.token)).id);
    expect(summary(merged)).toEqual([
      [variant(1).sku, 99],
      [variant(0).sku, 1],
      [variant(2).sku, 2],
    ]);
    expect(await cartRow(guest.id)).toBeNull();
    expectError(await mergeCart(t, erin.token, guest.id), "NOT_FOUND");
  });

  test("merging the customer's own cart changes nothing", async () => {
    const frank = await registerOk(t);
    const own = await cartWith(t, frank.token, [[variant(1), 1]]);
    const merged = dataOf(await mergeCart(t, frank.token, own.id)).mergeCart;
    expect(merged).toEqual(own);
  });
});
