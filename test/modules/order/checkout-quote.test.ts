import type { ShippingMethodFieldsFragment } from "../../../client";
import { accountWithRoles, registerOk, type Account } from "../../helpers/accounts";
import { cartWith, readCart } from "../../helpers/carts";
import { globalId } from "../../helpers/ids";
import { usd } from "../../helpers/money";
import { countOrders } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  checkoutQuote,
  checkoutQuoteOk,
  createDiscountCodeOk,
  createShippingMethodOk,
  createShippingZoneOk,
  createTaxClassOk,
  setTaxRateOk,
  shippingMethodOf,
  updateShippingMethod,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { seedVariant, type SeededVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * checkoutQuote: what a cart would cost to a destination. The shop ships to AU and NZ
 * through one zone of four methods (one retired); AU taxes 10 % by default, 5 % for food.
 */

const t = useTestApp();
let admin: string;
let methods: Record<"post" | "courier" | "overnight" | "retired", ShippingMethodFieldsFragment>;
let plain: SeededVariant;
let food: SeededVariant;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const zone = await createShippingZoneOk(t, admin, { name: "Oceania", countries: ["AU", "NZ"] });
  const method = (name: string, price: string, freeAbove?: string) =>
    createShippingMethodOk(t, admin, { zoneId: zone.id, name, price, freeAbove });
  methods = {
    post: await method("Post", "6.00"),
    courier: await method("Courier", "9.00", "40.00"),
    overnight: await method("Overnight", "20.00"),
    retired: await method("Retired", "1.00"),
  };
  dataOf(await updateShippingMethod(t, admin, { id: methods.retired.id, active: false }));
  const standard = await createTaxClassOk(t, admin, "Standard", true);
  await setTaxRateOk(t, admin, standard, { country: "AU", rate: "10" });
  const foodClass = await createTaxClassOk(t, admin, "Food");
  await setTaxRateOk(t, admin, foodClass, { country: "AU", rate: "5" });
  plain = await seedVariant(t, 1250, 100);
  food = await seedVariant(t, 800, 100, foodClass.id);
});

const rate = (method: ShippingMethodFieldsFragment, price: string) => ({ method, price: usd(price) });

describe("happy path", () => {
  let cartId: string;
  let code: string;

  beforeAll(async () => {
    // 2 × 12.50 + 3 × 8.00 = 49.00, 10 % off: 44.10, over the Courier's 40.00 threshold.
    const cart = await cartWith(t, undefined, [
      [plain, 2],
      [food, 3],
    ]);
    cartId = cart.id;
    code = (await createDiscountCodeOk(t, admin, { type: "PERCENTAGE", value: "10" })).code;
    await applyDiscountCodeOk(t, undefined, cartId, code);
  });

  test("every active method cheapest first at this cart's price, the cheapest chosen, discount, tax, total", async () => {
    const before = await countOrders(t);
    expect(await checkoutQuoteOk(t, undefined, { cartId, country: "AU" })).toEqual({
      subtotal: usd("49.00"),
      discountCode: code,
      discountTotal: usd("4.90"),
      // Courier is free from 40.00 after discount, so it is the cheapest; Retired is inactive.
      shippingRates: [
        rate(methods.courier, "0.00"),
        rate(methods.post, "6.00"),
        rate(methods.overnight, "20.00"),
      ],
      shipping: rate(methods.courier, "0.00"),
      // Lines after discount 22.50 at 10 % and 21.60 at 5 %: 2.25 + 1.08.
      taxTotal: usd("3.33"),
      total: usd("47.43"),
    });
    // A quote writes nothing: no order, the cart as it was.
    expect(await countOrders(t)).toBe(before);
    expect(dataOf(await readCart(t, cartId)).cart).toMatchObject({
      totalQuantity: 5,
      discountCode: code,
      discountTotal: usd("4.90"),
    });
  });

  test.each([
    ["Post", "post", "6.00", "3.93", "54.03"],
    ["Overnight", "overnight", "20.00", "5.33", "69.43"],
    ["Courier", "courier", "0.00", "3.33", "47.43"],
  ] as const)(
    "shippingMethodId picks %s: its price, taxed at the default rate",
    async (_name, key, price, tax, total) => {
      const quote = await checkoutQuoteOk(t, undefined, {
        cartId,
        country: "AU",
        shippingMethodId: methods[key].id,
      });
      expect(quote.shipping).toEqual(rate(methods[key], price));
      expect(quote.shippingRates.map((r) => r.method.name)).toEqual(["Courier", "Post", "Overnight"]);
      expect([quote.taxTotal, quote.total]).toEqual([usd(tax), usd(total)]);
    },
  );

  test("a cart without a code under the threshold: no discount, the Post is cheapest", async () => {
    const cart = await cartWith(t, undefined, [
      [plain, 1],
      [food, 1],
    ]);
    // 12.50 + 8.00; tax 1.25 + 0.40 + 10 % of the 6.00 Post.
    expect(await checkoutQuoteOk(t, undefined, { cartId: cart.id, country: "au" })).toMatchObject({
      subtotal: usd("20.50"),
      discountCode: null,
      discountTotal: usd("0.00"),
      shipping: rate(methods.post, "6.00"),
      taxTotal: usd("2.25"),
      total: usd("28.75"),
    });
  });

  test("a country of the zone without tax rates (NZ): the same shipping, no tax", async () => {
    expect(await checkoutQuoteOk(t, undefined, { cartId, country: "NZ" })).toMatchObject({
      shipping: rate(methods.courier, "0.00"),
      taxTotal: usd("0.00"),
      total: usd("44.10"),
    });
  });
});

describe("authorization", () => {
  let alice: Account;
  let aliceCart: string;

  beforeAll(async () => {
    alice = await registerOk(t);
    aliceCart = (await cartWith(t, alice.token, [[plain, 1]])).id;
  });

  test("a customer quotes their own cart", async () => {
    expect((await checkoutQuoteOk(t, alice.token, { cartId: aliceCart, country: "AU" })).total).toEqual(
      usd("20.35"), // 12.50 + 6.00 + 10 % tax on both
    );
  });

  test("someone else's customer cart is NOT_FOUND, to another customer and to a guest", async () => {
    const bob = await registerOk(t);
    expectError(await checkoutQuote(t, bob.token, { cartId: aliceCart, country: "AU" }), "NOT_FOUND");
    expectError(await checkoutQuote(t, undefined, { cartId: aliceCart, country: "AU" }), "NOT_FOUND");
  });

  test("a guest cart is quoted by whoever holds its id, anonymous or signed in", async () => {
    const guestCart = (await cartWith(t, undefined, [[plain, 1]])).id;
    const bob = await registerOk(t);
    for (const token of [undefined, bob.token])
      expect((await checkoutQuoteOk(t, token, { cartId: guestCart, country: "AU" })).total).toEqual(
        usd("20.35"),
      );
  });

  test("an unknown cart is NOT_FOUND; a malformed cart id BAD_USER_INPUT naming cartId", async () => {
    const unknown = globalId("Cart", "00000000-0000-4000-8000-000000000000");
    expectError(await checkoutQuote(t, undefined, { cartId: unknown, country: "AU" }), "NOT_FOUND");
    expectError(
      await checkoutQuote(t, undefined, { cartId: "nope", country: "AU" }),
      "BAD_USER_INPUT",
      "cartId",
    );
  });
});

describe("bad input", () => {
  let cartId: string;

  beforeAll(async () => {
    cartId = (await cartWith(t, undefined, [[plain, 1]])).id;
  });

  test.each(["XX", "AUS", "A", ""])(
    "the non-ISO country %j is BAD_USER_INPUT naming country",
    async (country) => {
      expectError(await checkoutQuote(t, undefined, { cartId, country }), "BAD_USER_INPUT", "country");
    },
  );

  test("a country no zone serves is BAD_USER_INPUT naming country", async () => {
    const response = await checkoutQuote(t, undefined, { cartId, country: "JP" });
    expectError(response, "BAD_USER_INPUT", "country");
    expect(response.errors?.[0]?.message).toBe("The shop does not ship to JP.");
  });

  test("a zone whose every method is inactive ships nowhere: BAD_USER_INPUT naming country", async () => {
    const zone = await createShippingZoneOk(t, admin, { name: "Fiji", countries: ["FJ"] });
    const only = await createShippingMethodOk(t, admin, { zoneId: zone.id, name: "Boat", price: "30" });
    dataOf(await updateShippingMethod(t, admin, { id: only.id, active: false }));
    for (const shippingMethodId of [null, only.id])
      expectError(
        await checkoutQuote(t, undefined, { cartId, country: "FJ", shippingMethodId }),
        "BAD_USER_INPUT",
        "country",
      );
  });

  test.each([
    ["an inactive method of the zone", () => methods.retired.id],
    ["another zone's method", async () => (await shippingMethodOf(t, "GB", "Standard")).id],
    ["an unknown method", () => globalId("ShippingMethod", "00000000-0000-4000-8000-000000000000")],
    ["another type's id", () => plain.id],
    ["a malformed id", () => "nope"],
  ])("%s is BAD_USER_INPUT naming shippingMethodId", async (_label, methodId) => {
    const shippingMethodId = await methodId();
    expectError(
      await checkoutQuote(t, undefined, { cartId, country: "AU", shippingMethodId }),
      "BAD_USER_INPUT",
      "shippingMethodId",
    );
  });
});
