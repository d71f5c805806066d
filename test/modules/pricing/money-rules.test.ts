import { loadConfig } from "../../../src/config";
import { allocateByLargestRemainder } from "../../../src/modules/pricing/allocation";
import { discountOffSubtotal } from "../../../src/modules/pricing/discount-rule";
import { priceOrder, type PricingInput } from "../../../src/modules/pricing/order-pricing";
import { formatPercent, parsePercent } from "../../../src/modules/pricing/percent";
import { quoteShipping, shippingPrice } from "../../../src/modules/pricing/shipping-rates";
import { rateAt, taxInGrossAmount, taxOnNetAmount } from "../../../src/modules/pricing/tax";

describe("allocateByLargestRemainder", () => {
  test.each([
    ["evenly", 300, [100, 100, 100], [100, 100, 100]],
    ["a cent left over goes to the largest remainder", 100, [1000, 1000, 1000], [34, 33, 33]],
    ["in proportion to the weights", 150, [1000, 2000], [50, 100]],
    ["remainders decide, not order", 10, [1, 2, 4], [1, 3, 6]],
    ["a zero-weight part gets nothing", 7, [0, 5, 5], [0, 4, 3]],
    ["the whole amount over one part", 999, [999], [999]],
    ["nothing to allocate", 0, [10, 20], [0, 0]],
    ["no parts", 0, [], []],
  ])("%s", (_label, amount, weights, expected) => {
    expect(allocateByLargestRemainder(amount, weights)).toEqual(expected);
  });

  test("a positive amount over zero weights, or a negative one, is refused", () => {
    expect(() => allocateByLargestRemainder(1, [0, 0])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(-1, [1])).toThrow(RangeError);
    expect(() => allocateByLargestRemainder(1, [1.5])).toThrow(RangeError);
  });
});

describe("discountOffSubtotal", () => {
  test.each([
    ["no code", null, 5000, 0],
    ["10 %", { type: "PERCENTAGE", basisPoints: 1000 } as const, 5000, 500],
    ["12.5 % rounds half-up", { type: "PERCENTAGE", basisPoints: 1250 } as const, 1004, 126],
    ["12.5 % rounds down below the half", { type: "PERCENTAGE", basisPoints: 1250 } as const, 1003, 125],
    ["100 % is the whole subtotal", { type: "PERCENTAGE", basisPoints: 10000 } as const, 1999, 1999],
    ["a fixed amount", { type: "FIXED_AMOUNT", amount: 500 } as const, 1999, 500],
    ["a fixed amount is capped at the subtotal", { type: "FIXED_AMOUNT", amount: 5000 } as const, 1999, 1999],
    ["free shipping takes nothing off the subtotal", { type: "FREE_SHIPPING" } as const, 1999, 0],
  ])("%s", (_label, rule, subtotal, expected) => {
    expect(discountOffSubtotal(rule, subtotal)).toBe(expected);
  });
});

describe("tax", () => {
  test.each([
    [1000, 1900, 190],
    [1999, 1900, 380], // 379.81
    [1, 1900, 0], // 0.19
    [3, 1900, 1], // 0.57
    [550, 550, 30], // 30.25
    [1000, 0, 0],
    [10, 2500, 3], // 2.5 rounds half-up
  ])("net %i at %i bp: %i tax on top", (amount, rate, expected) => {
    expect(taxOnNetAmount(amount, rate)).toBe(expected);
  });

  test.each([
    [1190, 1900, 190],
    [1999, 1900, 319], // net 1679.83 → 1680
    [1055, 550, 55],
    [1000, 0, 0],
    [0, 1900, 0],
    [1, 1900, 0],
  ])("gross %i at %i bp: %i of it is tax", (amount, rate, expected) => {
    expect(taxInGrossAmount(amount, rate)).toBe(expected);
  });

  const rates = [
    { country: "US", region: null, rateBasisPoints: 0 },
    { country: "US", region: "CA", rateBasisPoints: 725 },
    { country: "DE", region: null, rateBasisPoints: 1900 },
  ];
  test.each([
    ["a region's own rate", "US", "CA", 725],
    ["regions compare case-insensitively", "us", " ca ", 725],
    ["another region falls back to the country", "US", "NY", 0],
    ["no region: the country's rate", "DE", null, 1900],
    ["a region of a country without regional rates", "DE", "BY", 1900],
    ["a country without rates is untaxed", "FR", null, 0],
  ])("rateAt: %s", (_label, country, region, expected) => {
    expect(rateAt(rates, country, region)).toBe(expected);
  });
});

describe("percentages", () => {
  test.each([
    ["19", 1900],
    ["5.5", 550],
    ["19.00", 1900],
    [" 7.25 ", 725],
    ["100", 10000],
  ])("%s → %i basis points", (text, expected) => {
    expect(parsePercent(text, "rate", { min: 0, max: 100 })).toBe(expected);
  });

  test.each(["-1", "100.01", "5.555", "abc", "", "1e2", "0.5"])("%s is refused, naming the field", (text) => {
    expect(() => parsePercent(text, "value", { min: 1, max: 100 })).toThrow(
      expect.objectContaining({ extensions: { code: "BAD_USER_INPUT", field: "value" } }),
    );
  });

  test("formatted with two decimals", () => {
    expect([1900, 550, 0, 10000, 5].map(formatPercent)).toEqual(["19.00", "5.50", "0.00", "100.00", "0.05"]);
  });
});

describe("shipping", () => {
  const standard = { id: "s", name: "Standard", priceAmount: 499, freeAboveAmount: 5000, active: true };
  const express = { id: "e", name: "Express", priceAmount: 1499, freeAboveAmount: null, active: true };
  const pickup = { id: "p", name: "Pickup", priceAmount: 0, freeAboveAmount: null, active: false };

  test.each([
    ["below the threshold", standard, 4999, false, 499],
    ["at the threshold it is free", standard, 5000, false, 0],
    ["a method without threshold is never free", express, 1_000_000, false, 1499],
    ["a free-shipping code makes any method free", express, 100, true, 0],
  ])("%s", (_label, method, subtotal, freeShipping, expected) => {
    expect(shippingPrice(method, subtotal, freeShipping)).toBe(expected);
  });

  test("quotes active methods only, cheapest first", () => {
    expect(quoteShipping([express, pickup, standard], 100, false)).toEqual([
      { method: standard, price: 499 },
      { method: express, price: 1499 },
    ]);
    expect(quoteShipping([express, standard], 6000, false).map((rate) => rate.price)).toEqual([0, 1499]);
    // All free: the one with the lower list price (cheaper to ship) comes first, whatever the names.
    expect(quoteShipping([express, standard], 100, true)).toEqual([
      { method: standard, price: 0 },
      { method: express, price: 0 },
    ]);
  });
});

describe("priceOrder", () => {
  const standardShipping = { priceAmount: 499, freeAboveAmount: 5000, taxRateBasisPoints: 1900 };
  const base: PricingInput = {
    lines: [
      { lineTotal: 2000, taxRateBasisPoints: 1900 },
      { lineTotal: 1000, taxRateBasisPoints: 700 },
    ],
    discount: null,
    shipping: standardShipping,
    pricesIncludeTax: false,
  };

  test("no discount, prices without tax: tax per line and on shipping, added on top", () => {
    expect(priceOrder(base)).toEqual({
      lines: [
        { lineTotal: 2000, taxRateBasisPoints: 1900, discountAmount: 0, taxAmount: 380 },
        { lineTotal: 1000, taxRateBasisPoints: 700, discountAmount: 0, taxAmount: 70 },
      ],
      subtotal: 3000,
      discountTotal: 0,
      shippingTotal: 499,
      shippingTax: 95, // 94.81
      taxTotal: 545,
      total: 3000 + 499 + 545,
    });
  });

  test("a percentage discount is spread over the lines and taxed after it", () => {
    const priced = priceOrder({ ...base, discount: { type: "PERCENTAGE", basisPoints: 1000 } });
    expect(priced.lines.map((l) => [l.discountAmount, l.taxAmount])).toEqual([
      [200, 342],
      [100, 63],
    ]);
    expect(priced).toMatchObject({ discountTotal: 300, shippingTotal: 499, taxTotal: 342 + 63 + 95 });
    expect(priced.total).toBe(3000 - 300 + 499 + 500);
  });

  test("a fixed amount larger than the subtotal takes it to zero, never below", () => {
    const priced = priceOrder({ ...base, discount: { type: "FIXED_AMOUNT", amount: 10_000 } });
    expect(priced.lines.map((l) => [l.discountAmount, l.taxAmount])).toEqual([
      [2000, 0],
      [1000, 0],
    ]);
    expect(priced).toMatchObject({ discountTotal: 3000, shippingTotal: 499, taxTotal: 95, total: 594 });
  });

  test("the free threshold applies to the subtotal after discount", () => {
    const lines = [{ lineTotal: 5200, taxRateBasisPoints: 0 }];
    const noTax = { ...standardShipping, taxRateBasisPoints: 0 };
    expect(priceOrder({ ...base, lines, shipping: noTax }).shippingTotal).toBe(0);
    const discounted = priceOrder({
      ...base,
      lines,
      shipping: noTax,
      discount: { type: "FIXED_AMOUNT", amount: 300 },
    });
    expect(discounted).toMatchObject({ discountTotal: 300, shippingTotal: 499, total: 5200 - 300 + 499 });
  });

  test("a free-shipping code zeroes shipping and its tax", () => {
    const priced = priceOrder({ ...base, discount: { type: "FREE_SHIPPING" } });
    expect(priced).toMatchObject({ discountTotal: 0, shippingTotal: 0, shippingTax: 0, taxTotal: 450 });
    expect(priced.total).toBe(3450);
  });

  test("prices with tax: tax is the part of the total that is tax, not added", () => {
    const priced = priceOrder({
      lines: [
        { lineTotal: 1190, taxRateBasisPoints: 1900 },
        { lineTotal: 1070, taxRateBasisPoints: 700 },
      ],
      discount: null,
      shipping: { priceAmount: 595, freeAboveAmount: null, taxRateBasisPoints: 1900 },
      pricesIncludeTax: true,
    });
    expect(priced.lines.map((l) => l.taxAmount)).toEqual([190, 70]);
    expect(priced).toMatchObject({ shippingTax: 95, taxTotal: 355, total: 1190 + 1070 + 595 });
  });

  test("an empty order costs its shipping", () => {
    expect(priceOrder({ ...base, lines: [] })).toMatchObject({ subtotal: 0, taxTotal: 95, total: 594 });
  });
});

test("prices exclude tax unless BAZAAR_PRICES_INCLUDE_TAX says otherwise", () => {
  expect(loadConfig({ NODE_ENV: "test" }).pricesIncludeTax).toBe(false);
  expect(loadConfig({ NODE_ENV: "test", BAZAAR_PRICES_INCLUDE_TAX: "true" }).pricesIncludeTax).toBe(true);
});
