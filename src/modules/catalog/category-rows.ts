import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import { Prisma, type Category } from "../../generated/prisma/client";

/**
 * A category as every read returns it, raw SQL or Prisma: the Prisma model minus its
 * creation time, which nothing shows.
 */
export type CategoryRow = RowOf<Category, "createdAt">;

/**
 * The one place a category column meets its field. A new column of the model fails to
 * compile here until it is read (a line below) or left out (unread in `CategoryRow`).
 */
const categoryColumnMap = {
  id: "id",
  name: "name",
  slug: "slug",
  parentId: "parent_id",
  position: "position",
} as const satisfies ColumnMap<CategoryRow>;

export const categorySelect = prismaSelect(categoryColumnMap);

/** A category's columns as raw reads select them (aliased `c`), rows already `CategoryRow`s. */
export const categoryColumns = selectList(categoryColumnMap, "c");

/**
 * The category of the product aliased `p` with its ancestors (the tree is at most five deep),
 * as one JSON array; null when it has no category. What `categoryById` loads for it.
 */
export const productCategoryChainJson = Prisma.sql`(
  WITH RECURSIVE chain(id, parent_id) AS (
    SELECT id, parent_id FROM categories WHERE id = p.category_id
    UNION
    SELECT c.id, c.parent_id FROM categories c JOIN chain ON c.id = chain.parent_id
  )
  SELECT json_agg(${jsonObjectOf(categoryColumnMap, "c")}) FROM chain JOIN categories c ON c.id = chain.id)`;

/** A category of `productCategoryChainJson`, as a `CategoryRow`. */
export function categoryRowFromJson(json: unknown): CategoryRow {
  return rowFromJson<CategoryRow>(json, []);
}
