import type { NodeSource } from "../../graphql/node-directory";
import { canSeeReviewOf } from "./review.policy";
import { ReviewType } from "./review.type";

export const reviewNodeSources: NodeSource[] = [
  {
    typeName: "Review",
    async load(ctx, key) {
      const review = await ctx.loaders.reviewById.load(key);
      const product = review && (await ctx.loaders.productById.load(review.productId));
      return review && product && canSeeReviewOf(ctx.request.viewer, product)
        ? ReviewType.from(review)
        : null;
    },
  },
];
