import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import { Prisma } from "../../generated/prisma/client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { keyBy } from "../../graphql/rekey";
import { categoryColumns, type CategoryRow } from "./category-rows";

/**
 * Categories by id, each loaded WITH its ancestors (one recursive statement; the tree is at
 * most five deep): storefronts show a product's category with its parents
 * (`category { name parent { name } }`), and priming the ancestors saves one round trip
 * per level. Ancestors never replace what the request already loaded.
 */
export function createCategoryByIdLoader(
  prisma: PrismaClient,
  options: LoaderOptions,
): DataLoader<string, CategoryRow | null> {
  const loader: DataLoader<string, CategoryRow | null> = new DataLoader(async (ids) => {
    // The walk carries only keys; each category's columns are read once, at the end.
    const rows = await prisma.$queryRaw<CategoryRow[]>(Prisma.sql`
      WITH RECURSIVE chain(id, parent_id) AS (
        SELECT id, parent_id FROM categories WHERE id = ANY(CAST(${ids} AS uuid[]))
        UNION
        SELECT c.id, c.parent_id FROM categories c JOIN chain ON c.id = chain.parent_id
      )
      SELECT ${categoryColumns} FROM chain JOIN categories c ON c.id = chain.id`);
    const asked = new Set(ids);
    for (const row of rows) if (!asked.has(row.id)) loader.prime(row.id, row);
    return keyBy(ids, rows, (c) => c.id);
  }, options);
  return loader;
}
