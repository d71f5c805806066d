import type { NodeSource } from "../../graphql/node-directory";
import { canSeeAddress, canSeeUser } from "./account.policy";
import { AddressType } from "./address.type";
import { UserType } from "./user.type";

export const accountNodeSources: NodeSource[] = [
  {
    typeName: "User",
    async load(ctx, key) {
      if (!canSeeUser(ctx.request.viewer, { id: key })) return null;
      const row = await ctx.loaders.userById.load(key);
      return row && UserType.from(row);
    },
  },
  {
    typeName: "Address",
    async load(ctx, key) {
      const row = await ctx.loaders.addressById.load(key);
      return row && canSeeAddress(ctx.request.viewer, row) ? AddressType.from(row) : null;
    },
  },
];
