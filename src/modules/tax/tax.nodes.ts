import type { NodeSource } from "../../graphql/node-directory";
import { TaxClassType } from "./tax-class.type";

/** Tax classes are public: every product names its class. */
export const taxNodeSources: NodeSource[] = [
  {
    typeName: "TaxClass",
    async load(ctx, key) {
      const row = await ctx.loaders.taxClassById.load(key);
      return row && TaxClassType.from(row);
    },
  },
];
