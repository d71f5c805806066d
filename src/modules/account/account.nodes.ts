import { canSeeOwnedBy } from "../../auth/viewer";
import type { NodeSource } from "../../graphql/node-directory";
import { AddressType } from "./address.type";
import { UserType } from "./user.type";

export const accountNodeSources: NodeSource[] = [
  {
    typeName: "User",
    async load(ctx, key) {
      if (!canSeeOwnedBy(ctx.viewer, key)) return null;
      const row = await ctx.loaders.userById.load(key);
      return row && UserType.from(row);
    },
  },
  {
    typeName: "Address",
    async load(ctx, key) {
      const row = await ctx.loaders.addressById.load(key);
      return row && canSeeOwnedBy(ctx.viewer, row.userId) ? AddressType.from(row) : null;
    },
  },
];
