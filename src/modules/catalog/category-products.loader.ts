import DataLoader from "dataloader";
import type { DirectSql } from "../../db/direct-sql";
import type { PrismaClient } from "../../db/prisma-client";
import { Prisma } from "../../generated/prisma/client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy } from "../../graphql/rekey";
import { selectSubtreeCounts, selectSubtreePages } from "./category-subtrees";
import {
  toListedProductRow,
  withColumnsOfPage,
  type ListedProductRow,
  type RawListedProduct,
} from "./product-listing";
import { orderingSpec, pastCursor } from "./product-ordering";
import { relationColumns, type ProductRelations, type ProductRowWithRelations } from "./product-relations";

/** One category's page of products (its own and its sub-categories'), newest first. */
export interface CategoryPageKey {
  categoryId: string;
  limit: number;
  /** Decoded NEWEST cursor: the (createdAt, id) of the last product seen. */
  after: [string, string] | null;
  includeArchived: boolean;
  /** What the selection of the page's products asks for, read with them (look-ahead loading). */
  relations: ProductRelations;
}

/** Keys that can share one statement: same size, start, visibility and relations. */
function pageShapeOf(key: CategoryPageKey): string {
  return JSON.stringify([key.limit, key.after, key.includeArchived, key.relations]);
}

/** ONE statement for the product pages of many categories, newest first (see category-subtrees.ts). */
function selectCategoryPages(categoryIds: string[], shape: CategoryPageKey): Prisma.Sql {
  const ordering = orderingSpec("NEWEST", null);
  const pages = selectSubtreePages(categoryIds, {
    ordering,
    conditions: [
      ...(shape.includeArchived ? [] : [Prisma.sql`p.archived_at IS NULL`]),
      ...(shape.after ? [pastCursor(ordering, shape.after)] : []),
    ],
    limit: shape.limit,
  });
  return withColumnsOfPage(pages, ordering, relationColumns(shape.relations));
}

/** A listed product with the relations its page's key asked for. */
export type CategoryPageRow = ListedProductRow & ProductRowWithRelations;

export type CategoryPagesLoader = DataLoader<CategoryPageKey, CategoryPageRow[], string>;

export function createCategoryPagesLoader(sql: DirectSql, options: LoaderOptions = {}): CategoryPagesLoader {
  return new DataLoader(
    async (keys) => {
      const shapes = new Map<string, CategoryPageKey[]>();
      for (const key of keys) shapes.set(pageShapeOf(key), [...(shapes.get(pageShapeOf(key)) ?? []), key]);
      const pages = new Map<string, CategoryPageRow[]>();
      for (const group of shapes.values()) {
        const ids = [...new Set(group.map((key) => key.categoryId))];
        const rows = await sql.rows<RawListedProduct & ProductRowWithRelations & { rootId: string }>(
          selectCategoryPages(ids, group[0]!),
        );
        const byCategory = groupBy(ids, rows, (row) => row.rootId);
        ids.forEach((id, i) =>
          pages.set(JSON.stringify([id, pageShapeOf(group[0]!)]), byCategory[i]!.map(toListedProductRow)),
        );
      }
      return keys.map((key) => pages.get(JSON.stringify([key.categoryId, pageShapeOf(key)])) ?? []);
    },
    { ...options, cacheKeyFn: (key) => JSON.stringify([key.categoryId, pageShapeOf(key)]) },
  );
}

export interface CategoryCountKey {
  categoryId: string;
  includeArchived: boolean;
}

export type CategoryCountsLoader = DataLoader<CategoryCountKey, number, string>;

/** `totalCount` of many categories' product lists (sub-categories included) in ONE statement. */
export function createCategoryCountsLoader(
  prisma: PrismaClient,
  options: LoaderOptions = {},
): CategoryCountsLoader {
  return new DataLoader(
    async (keys) => {
      const counts = new Map<string, number>();
      for (const includeArchived of [false, true]) {
        const ids = [
          ...new Set(keys.filter((k) => k.includeArchived === includeArchived).map((k) => k.categoryId)),
        ];
        if (ids.length === 0) continue;
        const rows = await prisma.$queryRaw<{ rootId: string; count: number }[]>(
          selectSubtreeCounts(ids, includeArchived ? [] : [Prisma.sql`p.archived_at IS NULL`]),
        );
        for (const row of rows) counts.set(JSON.stringify([row.rootId, includeArchived]), row.count);
      }
      return keys.map((key) => counts.get(JSON.stringify([key.categoryId, key.includeArchived])) ?? 0);
    },
    { ...options, cacheKeyFn: (key) => JSON.stringify([key.categoryId, key.includeArchived]) },
  );
}
