import { formatMinorUnits } from "../../graphql/money";
import type { DiscountRule } from "../pricing/discount-rule";
import type { DiscountCodeRow } from "./discount-code.type";

/** What deciding whether a code applies needs of it. */
export type DiscountCodeTerms = Pick<
  DiscountCodeRow,
  | "code"
  | "type"
  | "value"
  | "active"
  | "startsAt"
  | "endsAt"
  | "usageLimit"
  | "timesUsed"
  | "minimumSubtotalAmount"
>;

/**
 * Why `code` does not apply to a cart whose subtotal is `subtotal` at `now`, or null when
 * it does. One rule for applying a code (BAD_USER_INPUT), showing a cart's discount (0)
 * and checking out (CONFLICT), so the three never disagree. The per-customer limit needs
 * the customer's email and is checked where it is known.
 */
export function whyCodeDoesNotApply(code: DiscountCodeTerms, subtotal: number, now: Date): string | null {
  const name = `The code "${code.code}"`;
  if (!code.active) return `${name} is not active.`;
  if (code.startsAt && now < code.startsAt) return `${name} is not valid yet.`;
  if (code.endsAt && now >= code.endsAt) return `${name} has ended.`;
  if (code.usageLimit !== null && code.timesUsed >= code.usageLimit) return `${name} has been used up.`;
  if (code.minimumSubtotalAmount !== null && subtotal < code.minimumSubtotalAmount)
    return `${name} needs a subtotal of at least ${formatMinorUnits(code.minimumSubtotalAmount)}.`;
  return null;
}

/** The money rule a stored code stands for (see DiscountCode.value's units). */
export function discountRuleOf(code: Pick<DiscountCodeRow, "type" | "value">): DiscountRule {
  switch (code.type) {
    case "PERCENTAGE":
      return { type: "PERCENTAGE", basisPoints: code.value };
    case "FIXED_AMOUNT":
      return { type: "FIXED_AMOUNT", amount: code.value };
    case "FREE_SHIPPING":
      return { type: "FREE_SHIPPING" };
  }
}

/** The rule of `code` if it applies now to `subtotal`, else null (no discount). */
export function applicableRule(
  code: DiscountCodeTerms | null,
  subtotal: number,
  now: Date,
): DiscountRule | null {
  return code && whyCodeDoesNotApply(code, subtotal, now) === null ? discountRuleOf(code) : null;
}
