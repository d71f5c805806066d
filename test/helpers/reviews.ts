import {
  AddReviewDocument,
  type AddReviewInput,
  type AddReviewMutation,
  type ProductBySlugQuery,
} from "../../client";
import { registerOk, type Account } from "./accounts";
import { pageInfoSelection, type Connection } from "./connections";
import { seedOrder, type SeededProduct } from "./seed";
import type { GraphQLResponse, TestApp } from "./test-app";
import { typedDocument } from "./typed-document";

/** Reviews through the SDK's `AddReview` (client/operations/reviews.graphql), and a product's review pages. */

/** A review as a product page lists it (the SDK's `ProductBySlug` selection). */
export type ReviewNode = NonNullable<ProductBySlugQuery["product"]>["reviews"]["edges"][number]["node"];
export type Rating = NonNullable<ProductBySlugQuery["product"]>["rating"];

export const reviewSelection = "id rating title body authorName createdAt";

/** A registered customer who has a PAID order of `product`. */
export async function buyer(t: TestApp, product: SeededProduct, name = "Grace Hopper"): Promise<Account> {
  const account = await registerOk(t, { name });
  await seedOrder(t, account, product, "PAID");
  return account;
}

export function addReview(
  t: TestApp,
  token: string | undefined,
  input: Partial<AddReviewInput> & { productId: string },
): Promise<GraphQLResponse<AddReviewMutation>> {
  return t.graphql(
    AddReviewDocument,
    { input: { rating: 4, title: "Bright and sturdy", body: "Lights the whole desk.", ...input } },
    { token },
  );
}

interface ProductReviews {
  product: { rating: Rating; reviews: Connection<ReviewNode> } | null;
}

const productReviewsDocument = typedDocument<
  ProductReviews,
  { id: string; first?: number; after?: string | null }
>(
  `query ProductReviews($id: ID!, $first: Int, $after: String) {
    product(id: $id) {
      rating { average count }
      reviews(first: $first, after: $after) { totalCount edges { cursor node { ${reviewSelection} } } ${pageInfoSelection} }
    }
  }`,
);

/** One page of a product's reviews, with its rating summary. */
export function productReviews(
  t: TestApp,
  productId: string,
  args: { first?: number; after?: string | null } = {},
  token?: string,
): Promise<GraphQLResponse<ProductReviews>> {
  return t.graphql(productReviewsDocument, { id: productId, ...args }, { token });
}
