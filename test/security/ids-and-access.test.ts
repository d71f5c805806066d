import { randomBytes, randomUUID } from "node:crypto";
import {
  addAddressOk,
  dataOf,
  deleteAddress,
  expectError,
  globalId,
  registerOk,
  type Account,
  type AddressData,
} from "../accounts/account-flows";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";
import {
  addToCart,
  cartWith,
  checkout,
  checkoutInput,
  createCart,
  mergeCart,
  orderTransition,
  placeOrder,
  readCart,
  readOrder,
  removeCartLine,
  seedProduct,
  updateCartLine,
  type CartData,
  type OrderData,
  type SeededProduct,
} from "../orders/order-flows";
import { payInput, payOrder } from "../payments/payment-flows";
import { snapshot, type DataSnapshot } from "./hostile-flows";

/**
 * Issue 6 § 7: ids of the wrong type and forged global ids are BAD_USER_INPUT naming the
 * field; another customer's cart, order and address are NOT_FOUND exactly as a missing one
 * is (same message, same shape), and `node(id)` of them is null.
 */

let t: TestApp;
let alice: Account;
let bob: Account;
let product: SeededProduct;
let aliceCart: CartData;
let bobCart: CartData;
let bobOrder: OrderData;
let bobAddress: AddressData;
let baseline: DataSnapshot;

beforeAll(async () => {
  t = await startTestApp();
  [alice, bob] = [await registerOk(t), await registerOk(t)];
  product = await seedProduct(t, [{ price: 1000, stock: 50 }]);
  bobOrder = await placeOrder(t, bob.token, [[product.variants[0]!, 1]]);
  bobCart = await cartWith(t, bob.token, [[product.variants[0]!, 2]]);
  bobAddress = await addAddressOk(t, bob.token);
  aliceCart = await createCart(t, alice.token);
  baseline = await snapshot(t);
});
afterAll(async () => {
  await t.close();
});

type Run = (id: string) => Promise<GraphQLResponse<unknown>>;

describe("ids of the wrong type and forged ids: BAD_USER_INPUT naming the field", () => {
  const forged: [string, () => string][] = [
    ["a Product id", () => product.id],
    ['base64 of "Order:not-a-uuid"', () => globalId("Order", "not-a-uuid")],
    ['base64 of "Hacker:<uuid>"', () => globalId("Hacker", randomUUID())],
    ["random base64", () => randomBytes(24).toString("base64")],
    ["SQL in the key", () => globalId("Cart", "' OR '1'='1")],
    ["a bare uuid", () => randomUUID()],
    ["an empty string", () => ""],
    ["a 10 KB id", () => globalId("Order", "A".repeat(7680))],
  ];
  const operations: [string, Run, string, string][] = [
    ["cart(id)", (id) => readCart(t, id, alice.token), "id", "Cart"],
    [
      "addToCart(cartId)",
      (id) => addToCart(t, alice.token, { cartId: id, variantId: product.variants[0]!.id, quantity: 1 }),
      "cartId",
      "Cart",
    ],
    [
      "addToCart(variantId)",
      (id) => addToCart(t, alice.token, { cartId: aliceCart.id, variantId: id, quantity: 1 }),
      "variantId",
      "ProductVariant",
    ],
    ["order(id)", (id) => readOrder(t, id, alice.token), "id", "Order"],
    ["cancelOrder(orderId)", (id) => orderTransition(t, "cancelOrder", alice.token, id), "orderId", "Order"],
    ["payOrder(orderId)", (id) => payOrder(t, alice.token, payInput(id)), "orderId", "Order"],
    ["deleteAddress(id)", (id) => deleteAddress(t, alice.token, id), "id", "Address"],
  ];
  const cases = operations.flatMap(([operation, run, field, type]) =>
    forged.map(([label, id]) => [operation, label, run, field, type, id] as const),
  );

  test.each(cases)("%s given %s", async (_operation, _label, run, field, type, id) => {
    const response = await run(id());
    expectError(response, "BAD_USER_INPUT", field);
    expect(response.errors?.[0]?.message).toBe(`${field} is not a valid ${type} id.`);
    expect(response.status).toBe(200);
  });

  test.each(forged.slice(1))("node(id) given %s: BAD_USER_INPUT", async (_label, id) => {
    const response = await t.graphql(
      "query ($id: ID!) { node(id: $id) { id } }",
      { id: id() },
      { token: alice.token },
    );
    expectError(response, "BAD_USER_INPUT", "id");
    expect(response.errors?.[0]?.message).toBe("id is not a valid global id.");
  });

  test("node(id) of a well-formed id that matches nothing is null", async () => {
    const response = await t.graphql(
      "query ($id: ID!) { node(id: $id) { id } }",
      { id: globalId("Order", randomUUID()) },
      { token: alice.token },
    );
    expect(response).toEqual({ status: 200, data: { node: null } });
  });
});

describe("another customer's cart, order and address: NOT_FOUND exactly as if they did not exist", () => {
  const missing = (type: string): string => globalId(type, randomUUID());
  const cases: [
    string,
    () => Promise<GraphQLResponse<unknown>>,
    () => Promise<GraphQLResponse<unknown>>,
    string,
  ][] = [
    [
      "cart(id)",
      () => readCart(t, bobCart.id, alice.token),
      () => readCart(t, missing("Cart"), alice.token),
      "Cart not found.",
    ],
    [
      "cart(id), anonymous",
      () => readCart(t, bobCart.id),
      () => readCart(t, missing("Cart")),
      "Cart not found.",
    ],
    [
      "addToCart",
      () =>
        addToCart(t, alice.token, { cartId: bobCart.id, variantId: product.variants[0]!.id, quantity: 1 }),
      () =>
        addToCart(t, alice.token, {
          cartId: missing("Cart"),
          variantId: product.variants[0]!.id,
          quantity: 1,
        }),
      "Cart not found.",
    ],
    [
      "updateCartLine on their cart",
      () => updateCartLine(t, alice.token, { cartId: bobCart.id, lineId: bobCart.lines[0]!.id, quantity: 5 }),
      () =>
        updateCartLine(t, alice.token, {
          cartId: missing("Cart"),
          lineId: bobCart.lines[0]!.id,
          quantity: 5,
        }),
      "Cart not found.",
    ],
    [
      "updateCartLine of their line through one's own cart",
      () =>
        updateCartLine(t, alice.token, { cartId: aliceCart.id, lineId: bobCart.lines[0]!.id, quantity: 5 }),
      () =>
        updateCartLine(t, alice.token, { cartId: aliceCart.id, lineId: missing("CartLine"), quantity: 5 }),
      "Cart line not found.",
    ],
    [
      "removeCartLine of their line through one's own cart",
      () => removeCartLine(t, alice.token, { cartId: aliceCart.id, lineId: bobCart.lines[0]!.id }),
      () => removeCartLine(t, alice.token, { cartId: aliceCart.id, lineId: missing("CartLine") }),
      "Cart line not found.",
    ],
    [
      "mergeCart",
      () => mergeCart(t, alice.token, bobCart.id),
      () => mergeCart(t, alice.token, missing("Cart")),
      "Cart not found.",
    ],
    [
      "checkout",
      () => checkout(t, alice.token, checkoutInput(bobCart.id)),
      () => checkout(t, alice.token, checkoutInput(missing("Cart"))),
      "Cart not found.",
    ],
    [
      "order(id)",
      () => readOrder(t, bobOrder.id, alice.token),
      () => readOrder(t, missing("Order"), alice.token),
      "Order not found.",
    ],
    [
      "order(id), anonymous",
      () => readOrder(t, bobOrder.id),
      () => readOrder(t, missing("Order")),
      "Order not found.",
    ],
    [
      "cancelOrder",
      () => orderTransition(t, "cancelOrder", alice.token, bobOrder.id),
      () => orderTransition(t, "cancelOrder", alice.token, missing("Order")),
      "Order not found.",
    ],
    [
      "payOrder",
      () => payOrder(t, alice.token, payInput(bobOrder.id, "tok_visa", "k1")),
      () => payOrder(t, alice.token, payInput(missing("Order"), "tok_visa", "k1")),
      "Order not found.",
    ],
    [
      "deleteAddress",
      () => deleteAddress(t, alice.token, bobAddress.id),
      () => deleteAddress(t, alice.token, missing("Address")),
      "Address not found.",
    ],
  ];

  test.each(cases)("%s", async (_label, theirs, nobodys, message) => {
    const [forTheirs, forNobodys] = [await theirs(), await nobodys()];
    expectError(forTheirs, "NOT_FOUND");
    expect(forTheirs.errors?.[0]?.message).toBe(message);
    expect(forTheirs).toEqual(forNobodys);
  });

  test.each([
    ["cart", () => bobCart.id, "Cart"],
    ["order", () => bobOrder.id, "Order"],
    ["address", () => bobAddress.id, "Address"],
    ["user", () => bob.user.id, "User"],
  ])("node(id) of their %s is null, as for a missing one, signed in or not", async (_label, id, type) => {
    const query = "query ($id: ID!) { node(id: $id) { id } }";
    for (const token of [alice.token, undefined]) {
      const options = token ? { token } : {};
      expect(await t.graphql(query, { id: id() }, options)).toEqual({ status: 200, data: { node: null } });
      expect(await t.graphql(query, { id: globalId(type, randomUUID()) }, options)).toEqual({
        status: 200,
        data: { node: null },
      });
    }
  });
});

describe("after the hostile requests", () => {
  test("the owner still sees everything as it was, and no data changed", async () => {
    expect(dataOf(await readCart(t, bobCart.id, bob.token)).cart).toEqual(bobCart);
    expect(dataOf(await readOrder(t, bobOrder.id, bob.token)).order?.status).toBe("PENDING_PAYMENT");
    expect(await snapshot(t)).toEqual(baseline);
  });
});
