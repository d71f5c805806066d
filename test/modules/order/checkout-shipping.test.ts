import type { DiscountType, ShippingMethodFieldsFragment } from "../../../client";
import { accountWithRoles } from "../../helpers/accounts";
import { cartWith, readCart } from "../../helpers/carts";
import { globalId, keyOf } from "../../helpers/ids";
import { usd } from "../../helpers/money";
import { checkout, countOrders, guestCheckoutTo } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  createDiscountCodeOk,
  createShippingMethodOk,
  createShippingZoneOk,
  shippingMethodOf,
  updateShippingMethod,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { seedVariant, stockOf } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * Shipping at checkout: the method asked for, or the zone's cheapest for this order. The
 * test shop ships to GB by Standard (4.99, free from 50.00 after discount) and Express
 * (14.99, never free); this file adds AU, whose Sea method is retired, and FJ, whose only
 * method is. No tax classes: totals are goods − discount + shipping.
 */

const t = useTestApp();
let admin: string;
let standard: ShippingMethodFieldsFragment;
let express: ShippingMethodFieldsFragment;
let auPost: ShippingMethodFieldsFragment;
let auSea: ShippingMethodFieldsFragment;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
  [standard, express] = [
    await shippingMethodOf(t, "GB", "Standard"),
    await shippingMethodOf(t, "GB", "Express"),
  ];
  const oceania = await createShippingZoneOk(t, admin, { name: "Oceania", countries: ["AU"] });
  auPost = await createShippingMethodOk(t, admin, { zoneId: oceania.id, name: "Post", price: "7.00" });
  auSea = await createShippingMethodOk(t, admin, { zoneId: oceania.id, name: "Sea", price: "3.00" });
  dataOf(await updateShippingMethod(t, admin, { id: auSea.id, active: false }));
  const fiji = await createShippingZoneOk(t, admin, { name: "Fiji", countries: ["FJ"] });
  const boat = await createShippingMethodOk(t, admin, { zoneId: fiji.id, name: "Boat", price: "30.00" });
  dataOf(await updateShippingMethod(t, admin, { id: boat.id, active: false }));
});

/** A guest cart of `quantity` units at `price`, with a new code of `code` applied when given. */
async function cartOf(price: number, quantity: number, code?: { type: DiscountType; value: string }) {
  const variant = await seedVariant(t, price, 10);
  const cart = await cartWith(t, undefined, [[variant, quantity]]);
  const discount = code ? await createDiscountCodeOk(t, admin, code) : null;
  if (discount) await applyDiscountCodeOk(t, undefined, cart.id, discount.code);
  return { variant, cartId: cart.id, discount };
}

/** A guest's checkout of the cart to `country` (GB: the test address's), by `shippingMethodId` when given. */
function checkoutTo(cartId: string, country: string, shippingMethodId: string | null = null) {
  return checkout(t, undefined, guestCheckoutTo(cartId, { country }, { shippingMethodId }));
}

describe("the order's method and shipping", () => {
  const percent20 = { type: "PERCENTAGE", value: "20" } as const;
  const freeShipping = { type: "FREE_SHIPPING", value: "0" } as const;
  test.each([
    ["no method, 49.99: Standard at 4.99", 4999, undefined, null, ["Standard", "0.00", "4.99", "54.98"]],
    [
      "no method, 60.00 less 20 % is 48.00: the threshold counts after discount, Standard 4.99",
      6000,
      percent20,
      null,
      ["Standard", "12.00", "4.99", "52.99"],
    ],
    [
      "no method, 62.50 less 20 % is exactly 50.00: Standard free",
      6250,
      percent20,
      null,
      ["Standard", "12.50", "0.00", "50.00"],
    ],
    [
      "Express asked for above the threshold: 14.99, never free",
      6000,
      undefined,
      "express",
      ["Express", "0.00", "14.99", "74.99"],
    ],
    [
      "Standard asked for below the threshold: 4.99",
      1000,
      undefined,
      "standard",
      ["Standard", "0.00", "4.99", "14.99"],
    ],
    [
      "no method with a free-shipping code: every method is free, Standard (the cheaper to ship) is chosen",
      3000,
      freeShipping,
      null,
      ["Standard", "0.00", "0.00", "30.00"],
    ],
    [
      "Express with a free-shipping code: free",
      3000,
      freeShipping,
      "express",
      ["Express", "0.00", "0.00", "30.00"],
    ],
  ] as const)("%s", async (_label, price, code, method, [name, discount, shipping, total]) => {
    const { cartId } = await cartOf(price, 1, code);
    const shippingMethodId = method === null ? null : { standard, express }[method].id;
    const order = dataOf(await checkoutTo(cartId, "GB", shippingMethodId)).checkout;
    expect(order).toMatchObject({
      shippingMethod: name,
      discountTotal: usd(discount),
      shippingTotal: usd(shipping),
      taxTotal: usd("0.00"),
      total: usd(total),
    });
  });

  test("another zone's method ships an order to its own countries: AU by Post", async () => {
    const { cartId } = await cartOf(6000, 1);
    const order = dataOf(await checkoutTo(cartId, "au", auPost.id)).checkout;
    expect(order).toMatchObject({ shippingMethod: "Post", shippingTotal: usd("7.00"), total: usd("67.00") });
    expect(order.shippingAddress.country).toBe("AU");
  });
});

describe("refused: BAD_USER_INPUT naming the field, and nothing written", () => {
  const unknownMethod = globalId("ShippingMethod", "00000000-0000-4000-8000-000000000000");
  test.each([
    ["a country no zone serves (JP)", "JP", (): string | null => null, "shippingAddress.country"],
    ["a non-ISO country (XX)", "XX", (): string | null => null, "shippingAddress.country"],
    ["a zone whose only method is inactive (FJ)", "FJ", (): string | null => null, "shippingAddress.country"],
    ["an inactive method of the zone", "AU", (): string | null => auSea.id, "shippingMethodId"],
    ["another zone's method (GB Express to AU)", "AU", (): string | null => express.id, "shippingMethodId"],
    ["another zone's method (AU Post to GB)", "GB", (): string | null => auPost.id, "shippingMethodId"],
    ["an unknown method", "GB", (): string | null => unknownMethod, "shippingMethodId"],
    ["a malformed method id", "GB", (): string | null => "nope", "shippingMethodId"],
  ] as const)("%s", async (_label, country, methodId, field) => {
    const { variant, cartId, discount } = await cartOf(2500, 2, { type: "PERCENTAGE", value: "10" });
    const cartBefore = dataOf(await readCart(t, cartId)).cart;
    const ordersBefore = await countOrders(t);
    const response = await checkoutTo(cartId, country, methodId());
    expectError(response, "BAD_USER_INPUT", field);
    expect(await countOrders(t)).toBe(ordersBefore);
    expect(await stockOf(t, variant)).toBe(10);
    expect(dataOf(await readCart(t, cartId)).cart).toEqual(cartBefore);
    const code = await t.db.prisma.discountCode.findUniqueOrThrow({
      where: { id: keyOf(discount!.id) },
      select: { timesUsed: true, _count: { select: { uses: true } } },
    });
    expect(code).toEqual({ timesUsed: 0, _count: { uses: 0 } });

    // The cart is as good as before: to GB, 50.00 less 10 % plus Standard.
    const order = dataOf(await checkoutTo(cartId, "GB")).checkout;
    expect(order).toMatchObject({
      discountTotal: usd("5.00"),
      shippingMethod: "Standard",
      total: usd("49.99"),
    });
    expect(await stockOf(t, variant)).toBe(8);
  });
});
