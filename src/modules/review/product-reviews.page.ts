import type { Context } from "../../context";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { newestFirstEdge, type CursorCodec } from "../../graphql/cursor";
import { badUserInput } from "../../graphql/errors";
import type { ReviewPageKey, ReviewPosition } from "./review.loaders";
import type { ReviewRow } from "./review-rows";

/** Review cursors are positions in the one ordering of every product's reviews: newest first. */
const cursorScope = "reviews";
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Decoded here, before the loader, so a bad cursor fails only its own field (naming
 * `after`) instead of every product in the batch.
 */
function decodeAfter(cursors: CursorCodec, after: string | null | undefined): ReviewPosition | null {
  if (after === null || after === undefined) return null;
  const [createdAt, id, extra] = cursors.decode(after, cursorScope, "after");
  if (
    typeof createdAt !== "string" ||
    typeof id !== "string" ||
    extra !== undefined ||
    !uuidPattern.test(id) ||
    Number.isNaN(Date.parse(createdAt))
  ) {
    throw badUserInput("after is not a valid cursor for this list.", "after");
  }
  return { createdAt, id };
}

/**
 * `Product.reviews`: a page of a product's reviews, newest first, batched through the
 * request's loader with every other product's page of the request. `reviewCount` is the
 * product's denormalised count: `totalCount` costs no query.
 */
export async function productReviewsPage(
  ctx: Context,
  productKey: string,
  reviewCount: number,
  args: ConnectionArgs,
): Promise<Page<ReviewRow>> {
  const { first, after } = reviewPageOfArgs(ctx, args);
  const rows = await ctx.loaders.reviewPagesByProduct.load({ productId: productKey, first, after });
  return toPage(rows, first, after, newestFirstEdge(ctx.services.cursors, cursorScope), () =>
    Promise.resolve(reviewCount),
  );
}

/**
 * The page `Product.reviews(first, after)` asks for, as `reviewPagesByProduct` keys it.
 * @throws BAD_USER_INPUT naming `after` for a cursor that is not one of this list's.
 */
export function reviewPageOfArgs(ctx: Context, args: ConnectionArgs): Omit<ReviewPageKey, "productId"> {
  return { first: pageSize(args), after: decodeAfter(ctx.services.cursors, args.after) };
}
