import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import { Prisma } from "../../generated/prisma/client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { keyBy } from "../../graphql/rekey";
import type { CategoryRow } from "./category.type";

/**
 * Categories by id, each loaded WITH its ancestors (one recursive statement; the tree is at
 * most five deep): storefronts show a product's category with its parents
 * (`category { name parent { name } }`), and priming the ancestors saves one round trip
 * per level. Ancestors never replace what the request already loaded.
 */
export function createCategoryByIdLoader(prisma: PrismaClient, options: LoaderOptions): DataLoader<string, CategoryRow | null> {
  const loader: DataLoader<string, CategoryRow | null> = new DataLoader(async (ids) => {
    const rows = await prisma.$queryRaw<CategoryRow[]>(Prisma.sql`
      WITH RECURSIVE chain AS (
        SELECT id, name, slug, parent_id, position FROM categories WHERE id = ANY(CAST(${ids} AS uuid[]))
        UNION
        SELECT c.id, c.name, c.slug, c.parent_id, c.position FROM categories c JOIN chain ON c.id = chain.parent_id
      )
      SELECT id::text AS "id", name, slug, parent_id::text AS "parentId", position FROM chain`);
    const asked = new Set(ids);
    for (const row of rows) if (!asked.has(row.id)) loader.prime(row.id, row);
    return keyBy(ids, rows, (c) => c.id);
  }, options);
  return loader;
}
