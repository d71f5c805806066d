import { orderTotals, type ShippingRates } from "../../src/modules/order/order-totals";
import { loadConfig } from "../../src/config";

const rates: ShippingRates = { flatRateAmount: 499, freeThresholdAmount: 5000 };

test("the defaults are a flat 4.99, free from 50.00", () => {
  expect(loadConfig({ NODE_ENV: "test" }).shipping).toEqual(rates);
});

test.each([
  ["one line under the threshold", [1999], { subtotal: 1999, shipping: 499, total: 2498 }],
  ["several lines summed", [1250, 1250, 300], { subtotal: 2800, shipping: 499, total: 3299 }],
  ["one cent under the threshold", [4999], { subtotal: 4999, shipping: 499, total: 5498 }],
  ["exactly the threshold ships free", [2500, 2500], { subtotal: 5000, shipping: 0, total: 5000 }],
  ["over the threshold ships free", [5001], { subtotal: 5001, shipping: 0, total: 5001 }],
  ["large orders stay exact", [99_999_999, 1], { subtotal: 100_000_000, shipping: 0, total: 100_000_000 }],
])("%s", (_label, lines, expected) => {
  expect(orderTotals(lines, rates)).toEqual(expected);
});

test("total is always subtotal + shipping", () => {
  for (let subtotal = 4990; subtotal <= 5010; subtotal += 1) {
    const totals = orderTotals([subtotal], rates);
    expect(totals.total).toBe(totals.subtotal + totals.shipping);
    expect(totals.shipping).toBe(subtotal >= 5000 ? 0 : 499);
  }
});

test("the rates come from the caller: another flat rate and threshold", () => {
  const custom: ShippingRates = { flatRateAmount: 750, freeThresholdAmount: 10_000 };
  expect(orderTotals([6000], custom)).toEqual({ subtotal: 6000, shipping: 750, total: 6750 });
  expect(orderTotals([10_000], custom)).toEqual({ subtotal: 10_000, shipping: 0, total: 10_000 });
});

test("a zero threshold makes every order ship free", () => {
  expect(orderTotals([1], { flatRateAmount: 499, freeThresholdAmount: 0 })).toEqual({
    subtotal: 1,
    shipping: 0,
    total: 1,
  });
});
