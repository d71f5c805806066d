import type { NodeSource } from "../../graphql/node-directory";
import { canSeeShippingMethod } from "./shipping.policy";
import { ShippingMethodType, ShippingZoneType } from "./shipping.type";

export const shippingNodeSources: NodeSource[] = [
  {
    typeName: "ShippingZone",
    async load(ctx, key) {
      const row = await ctx.loaders.shippingZoneById.load(key);
      return row && ShippingZoneType.from(row);
    },
  },
  {
    typeName: "ShippingMethod",
    async load(ctx, key) {
      const row = await ctx.loaders.shippingMethodById.load(key);
      return row && canSeeShippingMethod(ctx.request.viewer, row)
        ? ShippingMethodType.from(row, ctx.currencyCode)
        : null;
    },
  },
];
