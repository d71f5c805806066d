import type { NodeSource } from "../../graphql/node-directory";
import { canSeeProduct } from "../catalog/catalog.service";
import { ReviewType } from "./review.type";

export const reviewNodeSources: NodeSource[] = [
  {
    typeName: "Review",
    // A review is as visible as its product: archiving a product hides its reviews too.
    async load(ctx, key) {
      const review = await ctx.loaders.reviewById.load(key);
      const product = review && (await ctx.loaders.productById.load(review.productId));
      return review && product && canSeeProduct(ctx.viewer, product) ? ReviewType.from(review) : null;
    },
  },
];
