import { seedDemoShop } from "../../../src/db/seed/demo-shop";
import { registerOk } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { variantBySlug } from "../../helpers/catalog";
import { checkout, checkoutInput } from "../../helpers/orders";
import { applyDiscountCode, checkoutQuote } from "../../helpers/pricing";
import { dataOf } from "../../helpers/results";
import { startNodeOn, useTestApp, type TestNode } from "../../helpers/test-app";

/**
 * The worked example of the README's "Pricing: discounts, shipping, taxes", on the demo shop
 * as `npm start` seeds it: these are the numbers the README shows. Changing the demo's
 * catalog, codes, zones or rates, or a money rule, fails here first; update the README too.
 */

const t = useTestApp();

beforeAll(async () => {
  await seedDemoShop(t.db.prisma, t.logger, "USD", { flatRateAmount: 499, freeThresholdAmount: 5000 });
});

const illinois = { country: "US", region: "IL" };

/** A new customer's cart: 2 × the socks (tax class Standard) and 1 × the book (Reduced), with WELCOME10. */
async function exampleCart(app: Pick<TestNode, "graphql">): Promise<{ customer: string; cartId: string }> {
  const customer = (await registerOk(app)).token;
  const socks = await variantBySlug(t, "lightweight-cashmere-blend-hiking-socks", "Olive / S");
  const book = await variantBySlug(t, "the-winter-station", "Paperback");
  const cart = await cartWith(app, customer, [
    [socks, 2],
    [book, 1],
  ]);
  const { applyDiscountCode: applied } = dataOf(
    await applyDiscountCode(app, customer, { cartId: cart.id, code: "welcome10" }),
  );
  expect([applied.discountCode, applied.subtotal.amount, applied.discountTotal.amount]).toEqual([
    "WELCOME10",
    "54.97",
    "5.50",
  ]);
  return { customer, cartId: cart.id };
}

test("WELCOME10 on socks and a book to Illinois, by Standard: the quote, then the order", async () => {
  const { customer, cartId } = await exampleCart(t);
  const { checkoutQuote: quote } = dataOf(await checkoutQuote(t, customer, { cartId, ...illinois }));
  // 49.47 after the discount: under Standard's 50.00, so Standard is not free.
  expect(quote.shippingRates.map((rate) => [rate.method.name, rate.price.amount])).toEqual([
    ["Standard", "4.99"],
    ["Express", "14.99"],
  ]);
  expect([quote.shipping.method.name, quote.taxTotal.amount, quote.total.amount]).toEqual([
    "Standard",
    "2.69",
    "57.15",
  ]);

  const address = { ...checkoutInput(cartId).shippingAddress, ...illinois };
  const input = checkoutInput(cartId, {
    shippingAddress: address,
    shippingMethodId: quote.shipping.method.id,
  });
  const order = dataOf(await checkout(t, customer, input)).checkout;
  expect(
    order.lines.map((line) => [
      line.sku,
      line.lineTotal.amount,
      line.discountAmount.amount,
      line.taxRate,
      line.taxAmount.amount,
    ]),
  ).toEqual([
    ["BZ-0014-OLIVE-S", "39.98", "4.00", "6.25", "2.25"],
    ["BZ-0063-PAPERBACK", "14.99", "1.50", "1.00", "0.13"],
  ]);
  expect([
    order.subtotal.amount,
    order.discountTotal.amount,
    order.shippingMethod,
    order.shippingTotal.amount,
    order.taxTotal.amount,
    order.total.amount,
  ]).toEqual(["54.97", "5.50", "Standard", "4.99", "2.69", "57.15"]);
});

test("the same cart with BAZAAR_PRICES_INCLUDE_TAX=true: the tax is inside the prices", async () => {
  const included = await startNodeOn(t, { BAZAAR_PRICES_INCLUDE_TAX: "true" });
  try {
    const { customer, cartId } = await exampleCart(included);
    const address = { ...checkoutInput(cartId).shippingAddress, ...illinois };
    const order = dataOf(
      await checkout(included, customer, checkoutInput(cartId, { shippingAddress: address })),
    ).checkout;
    expect(order.lines.map((line) => line.taxAmount.amount)).toEqual(["2.12", "0.13"]);
    expect([order.shippingTotal.amount, order.taxTotal.amount, order.total.amount]).toEqual([
      "4.99",
      "2.54",
      "54.46",
    ]);
  } finally {
    await included.close();
  }
});
