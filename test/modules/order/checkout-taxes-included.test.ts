import { accountWithRoles } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { usd } from "../../helpers/money";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  checkoutQuoteOk,
  createDiscountCodeOk,
  germanTaxClasses,
} from "../../helpers/pricing";
import { dataOf } from "../../helpers/results";
import { seedVariant, type SeededVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * BAZAAR_PRICES_INCLUDE_TAX=true: catalog and shipping prices include tax, so the total is
 * goods − discount + shipping and taxTotal is the part of it that is tax: per line
 * amount − round(amount / (1 + rate)), half-up. DE: Standard (default) 19 %, Reduced 7 %;
 * the test shop's Standard shipping, 4.99 (0.80 of it tax), free from 50.00.
 */

const t = useTestApp({ BAZAAR_PRICES_INCLUDE_TAX: "true" });
let admin: string;
let standardLine: SeededVariant;
let reducedLine: SeededVariant;

beforeAll(async () => {
  admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const { reduced } = await germanTaxClasses(t, admin);
  // 11.90 is 10.00 + 19 %; 10.70 is 10.00 + 7 %.
  standardLine = await seedVariant(t, 1190, 100);
  reducedLine = await seedVariant(t, 1070, 100, reduced.id);
});

test.each([
  [
    "no discount: 1.90 and 0.70 of the lines, 0.80 of the shipping",
    [1, 1],
    null,
    { lines: ["1.90", "0.70"], discounts: ["0.00", "0.00"], discount: "0.00", shipping: "4.99" },
    ["3.40", "27.59"],
  ],
  [
    "10 % off: each line's tax is the part of its discounted amount (10.71 and 9.63) that is tax",
    [1, 1],
    { type: "PERCENTAGE", value: "10" },
    { lines: ["1.71", "0.63"], discounts: ["1.19", "1.07"], discount: "2.26", shipping: "4.99" },
    ["3.14", "25.33"],
  ],
  [
    "five Standard units, 59.50: shipping free, 9.50 of it tax",
    [5, 0],
    null,
    { lines: ["9.50"], discounts: ["0.00"], discount: "0.00", shipping: "0.00" },
    ["9.50", "59.50"],
  ],
  [
    "amounts that do not divide evenly: the net part rounds half-up",
    [3, 0],
    { type: "FIXED_AMOUNT", value: "0.70" },
    // 35.70 − 0.70 = 35.00, 35.00 / 1.19 = 29.4118 → 29.41 net, 5.59 tax.
    { lines: ["5.59"], discounts: ["0.70"], discount: "0.70", shipping: "4.99" },
    ["6.39", "39.99"],
  ],
] as const)("%s", async (_label, [standardUnits, reducedUnits], code, expected, [tax, total]) => {
  const lines: [SeededVariant, number][] = [];
  if (standardUnits > 0) lines.push([standardLine, standardUnits]);
  if (reducedUnits > 0) lines.push([reducedLine, reducedUnits]);
  const cart = await cartWith(t, undefined, lines);
  if (code) {
    const created = await createDiscountCodeOk(t, admin, code);
    await applyDiscountCodeOk(t, undefined, cart.id, created.code);
  }
  const quote = await checkoutQuoteOk(t, undefined, { cartId: cart.id, country: "DE" });
  const order = dataOf(await checkout(t, undefined, guestCheckoutTo(cart.id, { country: "DE" }))).checkout;
  expect(order.lines.map((line) => line.taxRate)).toEqual(
    lines.map(([variant]) => (variant === standardLine ? "19.00" : "7.00")),
  );
  expect(order.lines.map((line) => line.taxAmount.amount)).toEqual(expected.lines);
  expect(order.lines.map((line) => line.discountAmount.amount)).toEqual(expected.discounts);
  expect(order).toMatchObject({
    discountTotal: usd(expected.discount),
    shippingTotal: usd(expected.shipping),
    taxTotal: usd(tax),
    total: usd(total),
  });
  // Tax is inside the total, not on top of it.
  const cents = (money: { amount: string }) => Math.round(Number(money.amount) * 100);
  expect(cents(order.total)).toBe(
    cents(order.subtotal) - cents(order.discountTotal) + cents(order.shippingTotal),
  );
  expect([quote.taxTotal, quote.total]).toEqual([usd(tax), usd(total)]);
});
