import { allocateByLargestRemainder, assertNonNegativeInteger } from "./allocation";
import { discountOffSubtotal, makesShippingFree, type DiscountRule } from "./discount-rule";
import { shippingPrice, type ShippingOption } from "./shipping-rates";
import { taxInGrossAmount, taxOnNetAmount } from "./tax";

export interface LineToPrice {
  /** Unit price × quantity, minor units. */
  lineTotal: number;
  /** The rate of the line's tax class at the destination. */
  taxRateBasisPoints: number;
}

export interface PricingInput {
  lines: readonly LineToPrice[];
  discount: DiscountRule | null;
  /** The chosen method; free when the subtotal after discount reaches its threshold. */
  shipping: Pick<ShippingOption, "priceAmount" | "freeAboveAmount"> & {
    /** The default tax class's rate at the destination: shipping is taxed at it. */
    taxRateBasisPoints: number;
  };
  /** Catalog and shipping prices include tax: tax is the part of them that is tax, not added on top. */
  pricesIncludeTax: boolean;
}

export interface PricedLine extends LineToPrice {
  /** This line's share of the discount. */
  discountAmount: number;
  taxAmount: number;
}

export interface PricedOrder {
  lines: PricedLine[];
  subtotal: number;
  discountTotal: number;
  shippingTotal: number;
  shippingTax: number;
  /** Line taxes + shipping tax. */
  taxTotal: number;
  /**
   * subtotal − discountTotal + shippingTotal (+ taxTotal when prices exclude tax).
   */
  total: number;
}

/** The total an order's parts add up to (the same formula the orders table checks). */
export function totalOf(
  parts: Pick<PricedOrder, "subtotal" | "discountTotal" | "shippingTotal" | "taxTotal">,
  pricesIncludeTax: boolean,
): number {
  const beforeTax = parts.subtotal - parts.discountTotal + parts.shippingTotal;
  return pricesIncludeTax ? beforeTax : beforeTax + parts.taxTotal;
}

/**
 * An order's money, all in minor units: the discount spread over the lines in proportion
 * to their totals (the parts sum exactly to it), tax per line on what is left of the line
 * after its discount and on shipping, each rounded half-up.
 */
export function priceOrder(input: PricingInput): PricedOrder {
  input.lines.forEach((line) => {
    assertNonNegativeInteger(line.lineTotal, "lineTotal");
    assertNonNegativeInteger(line.taxRateBasisPoints, "taxRateBasisPoints");
  });
  assertNonNegativeInteger(input.shipping.priceAmount, "shipping price");
  const taxOf = input.pricesIncludeTax ? taxInGrossAmount : taxOnNetAmount;
  const lineTotals = input.lines.map((line) => line.lineTotal);
  const subtotal = lineTotals.reduce((sum, amount) => sum + amount, 0);
  const discountTotal = discountOffSubtotal(input.discount, subtotal);
  const shares = allocateByLargestRemainder(discountTotal, lineTotals);
  const lines = input.lines.map((line, index) => {
    const discountAmount = shares[index]!;
    return {
      ...line,
      discountAmount,
      taxAmount: taxOf(line.lineTotal - discountAmount, line.taxRateBasisPoints),
    };
  });
  const shippingTotal = shippingPrice(
    input.shipping,
    subtotal - discountTotal,
    makesShippingFree(input.discount),
  );
  const shippingTax = taxOf(shippingTotal, input.shipping.taxRateBasisPoints);
  const taxTotal = lines.reduce((sum, line) => sum + line.taxAmount, shippingTax);
  const parts = { subtotal, discountTotal, shippingTotal, taxTotal };
  return { lines, ...parts, shippingTax, total: totalOf(parts, input.pricesIncludeTax) };
}
