import type { NodeSource } from "../../graphql/node-directory";
import { CartType } from "./cart.type";

export const cartNodeSources: NodeSource[] = [
  {
    typeName: "Cart",
    async load(ctx, key) {
      const cart = await ctx.services.carts.findCartByKey(ctx.request, key);
      return cart && CartType.from(cart);
    },
  },
];
