import { registerOk, staffAccount, type Account } from "../../helpers/accounts";
import { addToCart, cartWith, createCart, mergeCart, readCart } from "../../helpers/carts";
import { keyOf } from "../../helpers/ids";
import { usd } from "../../helpers/money";
import { checkout, checkoutInput } from "../../helpers/orders";
import {
  applyDiscountCode,
  createDiscountCodeOk,
  removeDiscountCode,
  uniqueCode,
  updateDiscountCode,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { seedVariant, type SeededVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

const t = useTestApp();
let staff: Account;
let variant: SeededVariant;

beforeAll(async () => {
  staff = await staffAccount(t);
  variant = await seedVariant(t, 2000, 1000);
});

/** A guest cart of `quantity` units at 20.00. */
const guestCart = (quantity = 2) => cartWith(t, undefined, [[variant, quantity]]);

describe("applyDiscountCode", () => {
  test("matches the code whatever its case; the cart shows it as created and what it takes off now", async () => {
    const code = await createDiscountCodeOk(t, staff.token, { code: uniqueCode("Spring"), value: "12.5" });
    const cart = await guestCart(2);
    const applied = dataOf(
      await applyDiscountCode(t, undefined, { cartId: cart.id, code: ` ${code.code.toLowerCase()} ` }),
    ).applyDiscountCode;
    expect(applied).toMatchObject({ id: cart.id, discountCode: code.code, discountTotal: usd("5.00") });
    // Always current: a third unit makes it 12.5 % of 60.00.
    dataOf(await addToCart(t, undefined, { cartId: cart.id, variantId: variant.id, quantity: 1 }));
    expect(dataOf(await readCart(t, cart.id)).cart).toMatchObject({
      discountCode: code.code,
      discountTotal: usd("7.50"),
    });
  });

  test("a FIXED_AMOUNT code never takes the subtotal below zero; FREE_SHIPPING shows 0 off the subtotal", async () => {
    const big = await createDiscountCodeOk(t, staff.token, { type: "FIXED_AMOUNT", value: "500" });
    const cart = await guestCart(1);
    expect(
      dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code: big.code })).applyDiscountCode
        .discountTotal,
    ).toEqual(usd("20.00"));
    const free = await createDiscountCodeOk(t, staff.token, { type: "FREE_SHIPPING", value: "0" });
    expect(
      dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code: free.code })).applyDiscountCode,
    ).toMatchObject({ discountCode: free.code, discountTotal: usd("0.00") });
  });

  test("a second code replaces the first; removeDiscountCode takes it off, twice is harmless", async () => {
    const first = await createDiscountCodeOk(t, staff.token, { value: "10" });
    const second = await createDiscountCodeOk(t, staff.token, { value: "20" });
    const cart = await guestCart(1);
    dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code: first.code }));
    const replaced = dataOf(
      await applyDiscountCode(t, undefined, { cartId: cart.id, code: second.code }),
    ).applyDiscountCode;
    expect(replaced).toMatchObject({ discountCode: second.code, discountTotal: usd("4.00") });
    for (let i = 0; i < 2; i++) {
      expect(dataOf(await removeDiscountCode(t, undefined, cart.id)).removeDiscountCode).toMatchObject({
        discountCode: null,
        discountTotal: usd("0.00"),
      });
    }
  });

  test("a code that stops applying after it was put on the cart shows 0 off, and checkout refuses it", async () => {
    const code = await createDiscountCodeOk(t, staff.token, { value: "10", minimumSubtotal: "30" });
    const cart = await guestCart(2);
    dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code: code.code }));
    dataOf(await updateDiscountCode(t, staff.token, { id: code.id, active: false }));
    expect(dataOf(await readCart(t, cart.id)).cart).toMatchObject({
      discountCode: code.code,
      discountTotal: usd("0.00"),
    });
    const refused = await checkout(t, undefined, checkoutInput(cart.id, { email: "late@example.com" }));
    expectError(refused, "CONFLICT", "discountCode");
    expect(refused.errors?.[0]?.message).toContain(code.code);
  });

  const refusals: [string, Parameters<typeof createDiscountCodeOk>[2], string][] = [
    ["inactive", {}, "is not active"],
    ["not started", { startsAt: new Date(Date.now() + 86_400_000).toISOString() }, "not valid yet"],
    [
      "ended",
      {
        startsAt: new Date(Date.now() - 2 * 86_400_000).toISOString(),
        endsAt: new Date(Date.now() - 86_400_000).toISOString(),
      },
      "has ended",
    ],
    ["below its minimum", { minimumSubtotal: "40.01" }, "at least 40.01"],
  ];
  test.each(refusals)("a code %s is BAD_USER_INPUT naming code", async (label, overrides, message) => {
    const code = await createDiscountCodeOk(t, staff.token, overrides);
    if (label === "inactive")
      dataOf(await updateDiscountCode(t, staff.token, { id: code.id, active: false }));
    const cart = await guestCart(2);
    const response = await applyDiscountCode(t, undefined, { cartId: cart.id, code: code.code });
    expectError(response, "BAD_USER_INPUT", "code");
    expect(response.errors?.[0]?.message).toContain(message);
    expect(dataOf(await readCart(t, cart.id)).cart?.discountCode).toBeNull();
  });

  test("an unknown code, a used-up code, and one this customer has used up are BAD_USER_INPUT naming code", async () => {
    const cart = await guestCart(1);
    expectError(
      await applyDiscountCode(t, undefined, { cartId: cart.id, code: "NO-SUCH-CODE" }),
      "BAD_USER_INPUT",
      "code",
    );

    const once = await createDiscountCodeOk(t, staff.token, { usageLimit: 1 });
    dataOf(await applyDiscountCode(t, undefined, { cartId: cart.id, code: once.code }));
    dataOf(await checkout(t, undefined, checkoutInput(cart.id, { email: "first@example.com" })));
    const next = await guestCart(1);
    const usedUp = await applyDiscountCode(t, undefined, { cartId: next.id, code: once.code });
    expectError(usedUp, "BAD_USER_INPUT", "code");
    expect(usedUp.errors?.[0]?.message).toContain("used up");

    const customer: Account = await registerOk(t);
    const perCustomer = await createDiscountCodeOk(t, staff.token, { usageLimitPerCustomer: 1 });
    const own = await cartWith(t, customer.token, [[variant, 1]]);
    dataOf(await applyDiscountCode(t, customer.token, { cartId: own.id, code: perCustomer.code }));
    dataOf(await checkout(t, customer.token, checkoutInput(own.id)));
    const again = await cartWith(t, customer.token, [[variant, 1]]);
    expectError(
      await applyDiscountCode(t, customer.token, { cartId: again.id, code: perCustomer.code }),
      "BAD_USER_INPUT",
      "code",
    );
    // Another customer may still use it.
    const other = await registerOk(t);
    const theirs = await cartWith(t, other.token, [[variant, 1]]);
    dataOf(await applyDiscountCode(t, other.token, { cartId: theirs.id, code: perCustomer.code }));
  });

  test("someone else's cart is NOT_FOUND, for applying and removing; a malformed cart id is BAD_USER_INPUT", async () => {
    const code = await createDiscountCodeOk(t, staff.token);
    const owner = await registerOk(t);
    const cart = await createCart(t, owner.token);
    const stranger = await registerOk(t);
    expectError(
      await applyDiscountCode(t, stranger.token, { cartId: cart.id, code: code.code }),
      "NOT_FOUND",
    );
    expectError(await applyDiscountCode(t, undefined, { cartId: cart.id, code: code.code }), "NOT_FOUND");
    expectError(await removeDiscountCode(t, stranger.token, cart.id), "NOT_FOUND");
    expectError(
      await applyDiscountCode(t, undefined, { cartId: "not-an-id", code: code.code }),
      "BAD_USER_INPUT",
      "cartId",
    );
    const row = await t.db.prisma.cart.findUniqueOrThrow({ where: { id: keyOf(cart.id) } });
    expect(row.discountCodeId).toBeNull();
  });

  test("a guest cart's code survives logging in when the customer's cart has none", async () => {
    const code = await createDiscountCodeOk(t, staff.token);
    const customer = await registerOk(t);
    const guest = await guestCart(1);
    dataOf(await applyDiscountCode(t, undefined, { cartId: guest.id, code: code.code }));
    const merged = dataOf(await mergeCart(t, customer.token, guest.id)).mergeCart;
    expect(merged).toMatchObject({ discountCode: code.code, discountTotal: usd("2.00") });
  });
});
