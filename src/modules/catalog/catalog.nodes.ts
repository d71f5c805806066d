import type { NodeSource } from "../../graphql/node-directory";
import { canSeeProduct, canSeeVariantOf } from "./catalog.policy";
import { CategoryType } from "./category.type";
import { ProductType } from "./product.type";
import { ProductVariantType } from "./variant.type";

export const catalogNodeSources: NodeSource[] = [
  {
    typeName: "Product",
    async load(ctx, key) {
      const row = await ctx.loaders.productById.load(key);
      return row && canSeeProduct(ctx.request.viewer, row) ? ProductType.from(row, ctx.currencyCode) : null;
    },
  },
  {
    typeName: "ProductVariant",
    async load(ctx, key) {
      const variant = await ctx.loaders.variantById.load(key);
      const product = variant && (await ctx.loaders.productById.load(variant.productId));
      return variant && product && canSeeVariantOf(ctx.request.viewer, product)
        ? ProductVariantType.from(variant, ctx.currencyCode)
        : null;
    },
  },
  {
    typeName: "Category",
    async load(ctx, key) {
      const row = await ctx.loaders.categoryById.load(key);
      return row && CategoryType.from(row);
    },
  },
];
