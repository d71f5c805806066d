import fc from "fast-check";
import { allocateByLargestRemainder } from "../../../src/modules/pricing/allocation";
import type { DiscountRule } from "../../../src/modules/pricing/discount-rule";
import { priceOrder, type PricingInput } from "../../../src/modules/pricing/order-pricing";
import { taxInGrossAmount, taxOnNetAmount } from "../../../src/modules/pricing/tax";

const amount = fc.integer({ min: 0, max: 100_000_000 });
const rate = fc.integer({ min: 0, max: 10_000 });
const commonRate = fc.constantFrom(0, 550, 700, 1900, 2000, 2500);
const line = fc.record({ lineTotal: amount, taxRateBasisPoints: fc.oneof(commonRate, rate) });
const discount: fc.Arbitrary<DiscountRule | null> = fc.oneof(
  fc.constant(null),
  fc.record({ type: fc.constant("PERCENTAGE" as const), basisPoints: fc.integer({ min: 100, max: 10_000 }) }),
  fc.record({ type: fc.constant("FIXED_AMOUNT" as const), amount }),
  fc.constant({ type: "FREE_SHIPPING" as const }),
);
const pricingInput: fc.Arbitrary<PricingInput> = fc.record({
  lines: fc.array(line, { maxLength: 12 }),
  discount,
  shipping: fc.record({
    priceAmount: fc.integer({ min: 0, max: 10_000 }),
    freeAboveAmount: fc.option(amount),
    taxRateBasisPoints: rate,
  }),
  pricesIncludeTax: fc.boolean(),
});

test("allocation: the parts sum exactly to the amount and none exceeds its weight", () => {
  fc.assert(
    fc.property(fc.array(amount, { minLength: 1, maxLength: 20 }), fc.nat(), (weights, seed) => {
      const totalWeight = weights.reduce((sum, w) => sum + w, 0);
      const toAllocate = totalWeight === 0 ? 0 : seed % (totalWeight + 1);
      const parts = allocateByLargestRemainder(toAllocate, weights);
      expect(parts.reduce((sum, p) => sum + p, 0)).toBe(toAllocate);
      parts.forEach((part, index) => {
        expect(Number.isInteger(part)).toBe(true);
        expect(part).toBeGreaterThanOrEqual(0);
        expect(part).toBeLessThanOrEqual(weights[index]!);
      });
    }),
  );
});

test("allocation: each part is within one unit of its exact share", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
      fc.nat(),
      (weights, seed) => {
        const totalWeight = weights.reduce((sum, w) => sum + w, 0);
        const toAllocate = seed % (totalWeight + 1);
        allocateByLargestRemainder(toAllocate, weights).forEach((part, index) => {
          const exact = (toAllocate * weights[index]!) / totalWeight;
          expect(Math.abs(part - exact)).toBeLessThan(1 + 1e-9);
        });
      },
    ),
  );
});

test("an order: discount parts sum exactly, nothing is negative, and the total formula holds", () => {
  fc.assert(
    fc.property(pricingInput, (input) => {
      const priced = priceOrder(input);
      const subtotal = input.lines.reduce((sum, l) => sum + l.lineTotal, 0);
      expect(priced.subtotal).toBe(subtotal);
      expect(priced.lines.reduce((sum, l) => sum + l.discountAmount, 0)).toBe(priced.discountTotal);
      expect(priced.discountTotal).toBeLessThanOrEqual(subtotal);
      for (const l of priced.lines) {
        expect(l.discountAmount).toBeGreaterThanOrEqual(0);
        expect(l.lineTotal - l.discountAmount).toBeGreaterThanOrEqual(0);
        expect(l.taxAmount).toBeGreaterThanOrEqual(0);
      }
      expect(priced.taxTotal).toBe(priced.lines.reduce((sum, l) => sum + l.taxAmount, priced.shippingTax));
      const beforeTax = priced.subtotal - priced.discountTotal + priced.shippingTotal;
      expect(priced.total).toBe(input.pricesIncludeTax ? beforeTax : beforeTax + priced.taxTotal);
      expect(priced.total).toBeGreaterThanOrEqual(0);
      if (input.pricesIncludeTax) expect(priced.taxTotal).toBeLessThanOrEqual(priced.total);
      if (input.discount?.type === "FREE_SHIPPING") expect(priced.shippingTotal).toBe(0);
    }),
  );
});

test("tax per line is exact half-up rounding of the discounted amount", () => {
  fc.assert(
    fc.property(amount, rate, (net, bp) => {
      const tax = taxOnNetAmount(net, bp);
      // |tax − exact| ≤ ½, and exactly ½ rounds up: 2·tax·10000 − 2·net·bp is in (−10000, 10000].
      const doubledError = 2 * tax * 10_000 - 2 * net * bp;
      expect(doubledError).toBeGreaterThan(-10_000);
      expect(doubledError).toBeLessThanOrEqual(10_000);
    }),
  );
});

test("tax inside a gross amount: net + tax is the amount, and adding tax to a net gives it back", () => {
  fc.assert(
    fc.property(amount, rate, (gross, bp) => {
      const tax = taxInGrossAmount(gross, bp);
      expect(tax).toBeGreaterThanOrEqual(0);
      expect(tax).toBeLessThanOrEqual(gross);
    }),
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), commonRate, (net, bp) => {
      const gross = net + taxOnNetAmount(net, bp);
      expect(taxInGrossAmount(gross, bp)).toBe(gross - net);
    }),
  );
});

test("monotonic: a larger amount never pays less tax; a higher rate never less either", () => {
  fc.assert(
    fc.property(amount, amount, rate, rate, (a, b, r, s) => {
      const [small, large] = a <= b ? [a, b] : [b, a];
      const [low, high] = r <= s ? [r, s] : [s, r];
      for (const taxOf of [taxOnNetAmount, taxInGrossAmount]) {
        expect(taxOf(small, low)).toBeLessThanOrEqual(taxOf(large, low));
        expect(taxOf(small, low)).toBeLessThanOrEqual(taxOf(small, high));
      }
    }),
  );
});

test("monotonic: a larger discount value takes off at least as much, and without a free threshold the total never grows", () => {
  fc.assert(
    fc.property(
      pricingInput,
      fc.integer({ min: 100, max: 10_000 }),
      fc.integer({ min: 100, max: 10_000 }),
      (input, a, b) => {
        const flat = { ...input, shipping: { ...input.shipping, freeAboveAmount: null } };
        const [low, high] = a <= b ? [a, b] : [b, a];
        const less = priceOrder({ ...flat, discount: { type: "PERCENTAGE", basisPoints: low } });
        const more = priceOrder({ ...flat, discount: { type: "PERCENTAGE", basisPoints: high } });
        expect(more.discountTotal).toBeGreaterThanOrEqual(less.discountTotal);
        expect(more.total).toBeLessThanOrEqual(less.total);
        const lessOff = priceOrder({ ...flat, discount: { type: "FIXED_AMOUNT", amount: low } });
        const moreOff = priceOrder({ ...flat, discount: { type: "FIXED_AMOUNT", amount: high } });
        expect(moreOff.discountTotal).toBeGreaterThanOrEqual(lessOff.discountTotal);
        expect(moreOff.total).toBeLessThanOrEqual(lessOff.total);
      },
    ),
  );
});
