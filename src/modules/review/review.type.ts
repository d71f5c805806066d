import { Field, ID, Int, ObjectType } from "type-graphql";
import { connectionType, type Connection, type Page } from "../../graphql/connection";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";
import type { ReviewRow } from "./review-rows";

@ObjectType("Review", {
  simpleResolvers: true,
  implements: Node,
  description: "A customer's rating and review of a product they bought.",
})
export class ReviewType extends Node {
  /** Database key of the product, for the `product` field; not part of the schema. */
  productKey: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field(() => Int, { description: "1 to 5 stars." })
  rating: number;

  @Field({ description: "Headline." })
  title: string;

  @Field({ description: "Review text." })
  body: string;

  @Field({ description: "The reviewer's display name (never their email)." })
  authorName: string;

  @Field({ description: "When it was written." })
  createdAt: Date;

  static from(row: ReviewRow): ReviewType {
    return Object.assign(new ReviewType(), {
      productKey: row.productId,
      id: toGlobalId("Review", row.id),
      rating: row.rating,
      title: row.title,
      body: row.body,
      authorName: row.authorName,
      createdAt: row.createdAt,
    });
  }
}

export const ReviewConnection = connectionType(ReviewType, "Review");

export function toReviewConnection(page: Page<ReviewRow>): Connection<ReviewType> {
  return ReviewConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({ node: ReviewType.from(node), cursor })),
  });
}
