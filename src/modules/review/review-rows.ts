import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import type { Review } from "../../generated/prisma/client";

/**
 * A review as every read returns it, raw SQL or Prisma: the Prisma model minus its author's
 * id. A review shows the name its author chose when writing it, never who they are.
 */
export type ReviewRow = RowOf<Review, "userId">;

/**
 * The one place a review column meets its field. A new column of the model fails to
 * compile here until it is read (a line below) or left out (unread in `ReviewRow`).
 */
const reviewColumnMap = {
  id: "id",
  productId: "product_id",
  rating: "rating",
  title: "title",
  body: "body",
  authorName: "author_name",
  createdAt: "created_at",
} as const satisfies ColumnMap<ReviewRow>;

export const reviewSelect = prismaSelect(reviewColumnMap);

/** A review's columns as raw reads select them (aliased `r`), rows already `ReviewRow`s. */
export const reviewColumns = selectList(reviewColumnMap, "r");

/** A review as one JSON value (aliased `r`), for reads that return reviews inside another row. */
export const reviewJson = jsonObjectOf(reviewColumnMap, "r");

/** A review of `reviewJson`, as a `ReviewRow`. */
export function reviewRowFromJson(json: unknown): ReviewRow {
  return rowFromJson<ReviewRow>(json, ["createdAt"]);
}
