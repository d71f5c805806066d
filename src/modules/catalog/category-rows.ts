import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import type { Category } from "../../generated/prisma/client";

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
