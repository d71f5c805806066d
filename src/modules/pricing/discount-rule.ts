import { assertNonNegativeInteger } from "./allocation";
import { percentOf } from "./rounding";

/** What a discount code does, with its value in the unit its type uses. */
export type DiscountRule =
  /** `basisPoints` of the subtotal: 100 (1 %) to 10 000 (100 %). */
  | { type: "PERCENTAGE"; basisPoints: number }
  /** `amount` minor units off the subtotal, never more than the subtotal. */
  | { type: "FIXED_AMOUNT"; amount: number }
  /** Shipping costs nothing; the subtotal is untouched. */
  | { type: "FREE_SHIPPING" };

/** What the rule takes off `subtotal` (minor units): between 0 and the subtotal. */
export function discountOffSubtotal(rule: DiscountRule | null, subtotal: number): number {
  assertNonNegativeInteger(subtotal, "subtotal");
  if (rule === null) return 0;
  switch (rule.type) {
    case "PERCENTAGE":
      return Math.min(subtotal, percentOf(subtotal, rule.basisPoints));
    case "FIXED_AMOUNT":
      return Math.min(subtotal, rule.amount);
    case "FREE_SHIPPING":
      return 0;
  }
}

export function makesShippingFree(rule: DiscountRule | null): boolean {
  return rule?.type === "FREE_SHIPPING";
}
