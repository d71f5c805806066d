import type { NodeSource } from "../../graphql/node-directory";
import { canSeeDiscountCodes } from "./discount.policy";
import { DiscountCodeType } from "./discount-code.type";

/** Discount codes answer `node(id)` to staff only; to anyone else they do not exist. */
export const discountNodeSources: NodeSource[] = [
  {
    typeName: "DiscountCode",
    async load(ctx, key) {
      if (!canSeeDiscountCodes(ctx.request.viewer)) return null;
      const row = await ctx.services.discounts.findDiscountCodeRow(ctx.request, key);
      return row && DiscountCodeType.from(row, ctx.currencyCode);
    },
  },
];
