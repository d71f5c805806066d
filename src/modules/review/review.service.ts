import type { Context } from "../../context";
import { isUniqueViolation } from "../../db/errors";
import type { PrismaClient } from "../../db/prisma-client";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import type { CursorCodec } from "../../graphql/cursor";
import { badUserInput, conflict, forbidden, notFound, unauthenticated } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { canSeeProduct } from "../catalog/catalog.service";
import type { ReviewPosition } from "./review.loaders";
import type { AddReviewInput } from "./review.inputs";
import { reviewSelect, type ReviewRow } from "./review-rows";

/** Review cursors are positions in the one ordering of every product's reviews: newest first. */
const cursorScope = "reviews";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Orders whose goods the customer has paid for: what entitles them to a review. */
const reviewableOrderStatuses = ["PAID", "FULFILLED"] as const;

/** Reviews of a product: reading pages of them, and adding one. */
export class ReviewService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * Decoded here, before the loader, so a bad cursor fails only its own field (naming
   * `after`) instead of every product in the batch.
   */
  private decodeAfter(after: string | null | undefined): ReviewPosition | null {
    if (after === null || after === undefined) return null;
    const [createdAt, id, extra] = this.cursors.decode(after, cursorScope, "after");
    if (typeof createdAt !== "string" || typeof id !== "string" || extra !== undefined || !uuidPattern.test(id) || Number.isNaN(Date.parse(createdAt))) {
      throw badUserInput("after is not a valid cursor for this list.", "after");
    }
    return { createdAt, id };
  }

  /**
   * A page of a product's reviews, newest first, batched with every other product's page of
   * the request. `reviewCount` is the product's denormalised count: `totalCount` costs no query.
   */
  async reviewsOfProduct(ctx: Context, productKey: string, reviewCount: number, args: ConnectionArgs): Promise<Page<ReviewRow>> {
    const after = this.decodeAfter(args.after);
    const rows = await ctx.loaders.reviewPagesByProduct.load({ productId: productKey, first: pageSize(args), after });
    return toPage(
      rows,
      pageSize(args),
      after,
      (row) => ({ node: row, cursor: () => this.cursors.encode(cursorScope, [row.createdAt.toISOString(), row.id]) }),
      () => Promise.resolve(reviewCount),
    );
  }

  /**
   * Only a customer with a paid (or fulfilled) order of the product may review it, once.
   * The review and the product's rating columns change in one transaction; the rating
   * columns are incremented in place, so concurrent reviews of a product all count.
   */
  async addReview(ctx: Context, input: AddReviewInput): Promise<ReviewRow> {
    const userId = ctx.viewer.userId;
    if (!userId) throw unauthenticated();
    const productId = keyFromGlobalId(input.productId, "Product", "productId");
    const product = await ctx.loaders.productById.load(productId);
    if (!product || !canSeeProduct(ctx.viewer, product)) throw notFound("Product");
    const [purchase, author] = await Promise.all([
      this.prisma.orderLine.findFirst({
        where: { productId, order: { userId, status: { in: [...reviewableOrderStatuses] } } },
        select: { id: true },
      }),
      ctx.loaders.userById.load(userId),
    ]);
    // A session outlives no user (sessions cascade), so a missing author means the token just died.
    if (!author) throw unauthenticated();
    if (!purchase) throw forbidden("Only customers who bought this product can review it.");
    const { rating } = input;
    try {
      const review = await this.prisma.$transaction(async (tx) => {
        const review = await tx.review.create({
          // The name as it is now: a later rename does not rewrite old reviews, and the email never shows.
          data: { productId, userId, rating, title: input.title.trim(), body: input.body.trim(), authorName: author.name },
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
      // The request's loader holds the product as it was before: the response must show the new rating.
      ctx.loaders.productById.clear(productId);
      return review;
    } catch (error) {
      // The unique (product_id, user_id) index is the one rule that holds under concurrent requests.
      if (isUniqueViolation(error)) throw conflict("You have already reviewed this product.", "productId");
      throw error;
    }
  }
}
