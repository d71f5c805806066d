import {
  Arg,
  Args,
  Authorized,
  Ctx,
  FieldResolver,
  Mutation,
  Resolver,
  ResolverInterface,
  Root,
} from "type-graphql";
import type { Context } from "../../context";
import { ConnectionArgs, type Connection } from "../../graphql/connection";
import { validatePageArgs } from "../../graphql/page-args-validation";
import { ProductType } from "../catalog/product.type";
import { productReviewsPage } from "./product-reviews.page";
import { AddReviewInput } from "./review.inputs";
import { ReviewConnection, ReviewType, toReviewConnection } from "./review.type";

/** The fields ProductReviewsResolver resolves on ProductType: ResolverInterface checks each method against them. */
interface ProductReviewsFields {
  reviews: Connection<ReviewType>;
}

/** `Product.reviews`: owned here, next to the loader that batches it across products. */
@Resolver(() => ProductType)
export class ProductReviewsResolver implements ResolverInterface<ProductType & ProductReviewsFields> {
  @FieldResolver(() => ReviewConnection, { description: "Reviews, newest first; `first` at most 100." })
  async reviews(
    @Root() product: ProductType,
    @Args(() => ConnectionArgs, { validateFn: validatePageArgs }) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<ReviewType>> {
    return toReviewConnection(await productReviewsPage(ctx, product.key, product.rating.count, args));
  }
}

/** The fields ReviewResolver resolves on ReviewType: ResolverInterface checks each method against them. */
interface ReviewFields {
  product: ProductType;
}

@Resolver(() => ReviewType)
export class ReviewResolver implements ResolverInterface<ReviewType & ReviewFields> {
  @FieldResolver(() => ProductType, { description: "The product reviewed." })
  async product(@Root() review: ReviewType, @Ctx() ctx: Context): Promise<ProductType> {
    const row = await ctx.loaders.productById.load(review.productKey);
    // A review's product always exists (foreign key, cascade delete), and every path to a
    // review (a visible product, node(id), addReview) has already checked it is visible.
    return ProductType.from(row!, ctx.currencyCode);
  }

  @Authorized()
  @Mutation(() => ReviewType, {
    description:
      "Only a customer with a PAID or FULFILLED order containing the product (else FORBIDDEN); once per product.",
  })
  async addReview(
    @Arg("input", () => AddReviewInput, { description: "The product, its rating and the review text." })
    input: AddReviewInput,
    @Ctx() ctx: Context,
  ): Promise<ReviewType> {
    const review = await ctx.services.reviews.addReview(ctx.request, input);
    // The request's loader may hold the product as it was before: the answer shows the new rating.
    ctx.loaders.productById.clear(review.productId);
    return ReviewType.from(review);
  }
}
