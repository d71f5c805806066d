import type { DiscountCodeRow } from "./demo-rows";
import type { Random } from "./random";

/**
 * The codes the README and the example shop (client/examples/shop.ts) use, so a fresh demo
 * can be checked out with a discount at once: 10 % off, once per customer, and free
 * shipping (any method) from 25.00. Neither ends, and neither has a limit of uses in all.
 */
const demoDiscountCodes = {
  welcome: { code: "WELCOME10", type: "PERCENTAGE", value: 1000, usageLimitPerCustomer: 1 },
  freeShipping: { code: "FREESHIP", type: "FREE_SHIPPING", value: 0, minimumSubtotalAmount: 2500 },
} as const;

export function composeDiscountCodes(ids: Random, now: Date): DiscountCodeRow[] {
  return Object.values(demoDiscountCodes).map((terms) => ({
    id: ids.uuid(),
    minimumSubtotalAmount: null,
    usageLimitPerCustomer: null,
    ...terms,
    createdAt: now,
    updatedAt: now,
  }));
}
