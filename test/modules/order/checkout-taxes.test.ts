import type { DiscountType, OrderFieldsFragment } from "../../../client";
import { accountWithRoles } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { usd } from "../../helpers/money";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  checkoutQuoteOk,
  createDiscountCodeOk,
  germanTaxClasses,
  setTaxRateOk,
} from "../../helpers/pricing";
import { dataOf } from "../../helpers/results";
import { seedVariant, type SeededVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * Taxes at checkout, prices without tax (the default): each line at its product's class rate
 * on what is left of it after the discount, shipping at the default class's rate, each
 * rounded half-up to the cent, the order's tax their sum. DE: Standard (default) 19 %,
 * Reduced 7 %; US: Standard 5 %, 7.25 % in CA, Reduced none; FR none at all. Shipping is the
 * test shop's Standard: 4.99, free from 50.00.
 */

const t = useTestApp();
let admin: string;
let classes: Awaited<ReturnType<typeof germanTaxClasses>>;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
  classes = await germanTaxClasses(t, admin);
  await setTaxRateOk(t, admin, classes.standard, { country: "US", rate: "5" });
  await setTaxRateOk(t, admin, classes.standard, { country: "US", region: "CA", rate: "7.25" });
});

type Line = [variant: SeededVariant, quantity: number];

/** A guest checkout of these lines to `destination`, with a new code applied when given. */
async function orderOf(
  lines: Line[],
  destination: { country: string; region?: string | null },
  code?: { type: DiscountType; value: string },
): Promise<OrderFieldsFragment> {
  const cart = await cartWith(t, undefined, lines);
  if (code)
    await applyDiscountCodeOk(t, undefined, cart.id, (await createDiscountCodeOk(t, admin, code)).code);
  return dataOf(await checkout(t, undefined, guestCheckoutTo(cart.id, destination))).checkout;
}

const variant = (price: number, taxClass?: { id: string }) => seedVariant(t, price, 50, taxClass?.id);
const lineTaxes = (order: OrderFieldsFragment) =>
  order.lines.map((line) => [line.taxRate, line.discountAmount.amount, line.taxAmount.amount]);

test("each line at its class's rate (no class: the default), shipping at the default rate", async () => {
  const order = await orderOf(
    [
      [await variant(1000), 2],
      [await variant(1299, classes.reduced), 1],
      [await variant(555, classes.standard), 3],
    ],
    { country: "DE" },
  );
  // 20.00 × 19 % = 3.80; 12.99 × 7 % = 0.9093; 16.65 × 19 % = 3.1635; shipping 4.99 × 19 % = 0.9481.
  expect(lineTaxes(order)).toEqual([
    ["19.00", "0.00", "3.80"],
    ["7.00", "0.00", "0.91"],
    ["19.00", "0.00", "3.16"],
  ]);
  expect(order).toMatchObject({
    subtotal: usd("49.64"),
    shippingTotal: usd("4.99"),
    taxTotal: usd("8.82"), // 3.80 + 0.91 + 3.16 + 0.95
    total: usd("63.45"),
  });
});

test("rounding is half-up, per line, and the order's tax is the sum of the rounded lines", async () => {
  const order = await orderOf(
    [
      [await variant(950, classes.reduced), 1],
      [await variant(950, classes.reduced), 1],
      [await variant(150), 1],
    ],
    { country: "DE" },
  );
  // 9.50 × 7 % = 0.665 → 0.67 twice (7 % of their 19.00 together would be 1.33);
  // 1.50 × 19 % = 0.285 → 0.29 (half-even would give 0.28).
  expect(lineTaxes(order).map(([, , tax]) => tax)).toEqual(["0.67", "0.67", "0.29"]);
  expect(order).toMatchObject({ subtotal: usd("20.50"), taxTotal: usd("2.58"), total: usd("28.07") });
});

test("a line is taxed on what is left of it after its share of the discount", async () => {
  const order = await orderOf(
    [
      [await variant(3000), 1],
      [await variant(2000, classes.reduced), 1],
    ],
    { country: "DE" },
    { type: "FIXED_AMOUNT", value: "5" },
  );
  // 5.00 off in proportion 3:2; 27.00 × 19 % and 18.00 × 7 %; 45.00 is under 50.00: shipping 4.99.
  expect(lineTaxes(order)).toEqual([
    ["19.00", "3.00", "5.13"],
    ["7.00", "2.00", "1.26"],
  ]);
  expect(order).toMatchObject({
    discountTotal: usd("5.00"),
    shippingTotal: usd("4.99"),
    taxTotal: usd("7.34"),
    total: usd("57.33"),
  });
});

test.each([
  [
    "under the threshold: 4.99 taxed at 19 % though every line is reduced",
    1000,
    "0.70",
    "4.99",
    "1.65",
    "16.64",
  ],
  ["free shipping carries no tax", 6000, "4.20", "0.00", "4.20", "64.20"],
])("shipping: %s", async (_label, price, lineTax, shipping, tax, total) => {
  const order = await orderOf([[await variant(price, classes.reduced), 1]], { country: "DE" });
  expect(order.lines[0]?.taxAmount).toEqual(usd(lineTax));
  expect(order).toMatchObject({ shippingTotal: usd(shipping), taxTotal: usd(tax), total: usd(total) });
});

describe("the destination decides the rate", () => {
  let standardLine: SeededVariant;
  let reducedLine: SeededVariant;

  beforeAll(async () => {
    [standardLine, reducedLine] = [await variant(4000), await variant(500, classes.reduced)];
  });

  // 40.00 at Standard + 5.00 at Reduced, shipping 4.99 at Standard.
  test.each([
    ["CA's own rate wins over the country's", "US", "CA", ["7.25", "0.00"], "3.26", "53.25"],
    ["regions match whatever their case", "US", "ca", ["7.25", "0.00"], "3.26", "53.25"],
    ["a region without a rate of its own: the country's", "US", "NY", ["5.00", "0.00"], "2.25", "52.24"],
    ["no region: the country's", "US", null, ["5.00", "0.00"], "2.25", "52.24"],
    ["a country's rates, whatever the region", "DE", "Bayern", ["19.00", "7.00"], "8.90", "58.89"],
    ["a country without rates: no tax", "FR", null, ["0.00", "0.00"], "0.00", "49.99"],
  ])("%s (%s %s)", async (_label, country, region, rates, tax, total) => {
    const order = await orderOf(
      [
        [standardLine, 1],
        [reducedLine, 1],
      ],
      { country, region },
    );
    expect(order.lines.map((line) => line.taxRate)).toEqual(rates);
    expect(order).toMatchObject({ taxTotal: usd(tax), total: usd(total) });
    // The quote for the same destination says the same.
    const cart = await cartWith(t, undefined, [
      [standardLine, 1],
      [reducedLine, 1],
    ]);
    const quote = await checkoutQuoteOk(t, undefined, { cartId: cart.id, country, region });
    expect([quote.taxTotal, quote.total]).toEqual([usd(tax), usd(total)]);
  });
});
