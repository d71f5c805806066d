import type { RequestContext } from "../../common/request-context";
import { isUniqueViolation } from "../../db/errors";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import { conflict, forbidden, notFound, unauthenticated } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import type { AddReviewInput } from "./review.inputs";
import { canSeeReviewOf } from "./review.policy";
import { reviewSelect, type ReviewRow } from "./review-rows";

/** Orders whose goods the customer has paid for: what entitles them to a review. */
const reviewableOrderStatuses = ["PAID", "FULFILLED"] as const;

/** Adding reviews (pages of them are read by `product-reviews.page.ts`, batched per request). */
export class ReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Only a customer with a paid (or fulfilled) order of the product may review it, once.
   * The review and the product's rating columns change in one transaction; the rating
   * columns are incremented in place, so concurrent reviews of a product all count.
   */
  async addReview(ctx: RequestContext, input: AddReviewInput): Promise<ReviewRow> {
    const userId = ctx.viewer.userId;
    if (!userId) throw unauthenticated();
    const productId = keyFromGlobalId(input.productId, "Product", "productId");
    const product = await this.prisma.product.findUnique({
      where: { id: productId },
      select: { archivedAt: true },
    });
    if (!product || !canSeeReviewOf(ctx.viewer, product)) throw notFound("Product");
    const [purchase, author] = await Promise.all([
      this.prisma.orderLine.findFirst({
        where: { productId, order: { userId, status: { in: [...reviewableOrderStatuses] } } },
        select: { id: true },
      }),
      this.prisma.user.findUnique({ where: { id: userId }, select: { name: true } }),
    ]);
    // A session outlives no user (sessions cascade), so a missing author means the token just died.
    if (!author) throw unauthenticated();
    if (!purchase) throw forbidden("Only customers who bought this product can review it.");
    const { rating } = input;
    try {
      return await this.transactions.withTransaction(ctx, async (ctx) => {
        const tx = transactionOf(ctx);
        const review = await tx.review.create({
          // The name as it is now: a later rename does not rewrite old reviews, and the email never shows.
          data: {
            productId,
            userId,
            rating,
            title: input.title.trim(),
            body: input.body.trim(),
            authorName: author.name,
          },
          select: reviewSelect,
        });
        // Every right-hand side reads the row as it was before this UPDATE.
        await tx.$executeRaw`
          UPDATE products
          SET rating_count = rating_count + 1,
              rating_sum = rating_sum + ${rating},
              rating_average = CAST(rating_sum + ${rating} AS double precision) / (rating_count + 1)
          WHERE id = CAST(${productId} AS uuid)`;
        return review;
      });
    } catch (error) {
      // The unique (product_id, user_id) index is the one rule that holds under concurrent requests.
      if (isUniqueViolation(error)) throw conflict("You have already reviewed this product.", "productId");
      throw error;
    }
  }
}
