import DataLoader from "dataloader";
import type { DirectSql } from "../../db/direct-sql";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy, keyBy } from "../../graphql/rekey";
import {
  createCategoryCountsLoader,
  createCategoryPagesLoader,
  type CategoryCountsLoader,
  type CategoryPagesLoader,
} from "./category-products.loader";
import { createCategoryByIdLoader } from "./category-by-id.loader";
import { categorySelect, type CategoryRow } from "./category-rows";
import { relationColumns, type ProductRelations, type ProductRowWithRelations } from "./product-relations";
import { selectProductsBy, type ProductRow } from "./product-rows";
import { selectVariantsBy, type VariantRow } from "./variant-rows";

/**
 * Batched reads of the catalog's relations: N parents cost one query per relation. Rows
 * include archived products; whether the viewer may see them is the caller's check.
 */
export interface CatalogLoaders {
  categoryById: DataLoader<string, CategoryRow | null>;
  categoriesByParentId: DataLoader<string, CategoryRow[]>;
  productById: DataLoader<string, ProductRow | null>;
  productBySlug: DataLoader<string, ProductRow | null>;
  variantById: DataLoader<string, VariantRow | null>;
  variantsByProductId: DataLoader<string, VariantRow[]>;
  productPagesByCategory: CategoryPagesLoader;
  productCountsByCategory: CategoryCountsLoader;
  /**
   * Not a DataLoader: products by id or slug read together with `relations` in ONE
   * statement (look-ahead loading; see product-look-ahead.ts, which primes the loaders).
   */
  readProductsWithRelations(
    key: "id" | "slug",
    values: readonly string[],
    relations: ProductRelations,
  ): Promise<ProductRowWithRelations[]>;
}

const categoryOrder = [{ position: "asc" as const }, { name: "asc" as const }, { id: "asc" as const }];

export function createCatalogLoaders(
  prisma: PrismaClient,
  sql: DirectSql,
  options: LoaderOptions = {},
): CatalogLoaders {
  return {
    categoryById: createCategoryByIdLoader(prisma, options),
    categoriesByParentId: new DataLoader(
      async (parentIds) =>
        groupBy(
          parentIds,
          await prisma.category.findMany({
            where: { parentId: { in: [...parentIds] } },
            select: categorySelect,
            orderBy: categoryOrder,
          }),
          (c) => c.parentId!,
        ),
      options,
    ),
    productById: new DataLoader(
      async (ids) =>
        keyBy(ids, await prisma.$queryRaw<ProductRow[]>(selectProductsBy("id", ids)), (p) => p.id),
      options,
    ),
    productBySlug: new DataLoader(
      async (slugs) =>
        keyBy(slugs, await prisma.$queryRaw<ProductRow[]>(selectProductsBy("slug", slugs)), (p) => p.slug),
      options,
    ),
    variantById: new DataLoader(
      async (ids) =>
        keyBy(ids, await prisma.$queryRaw<VariantRow[]>(selectVariantsBy("id", ids)), (v) => v.id),
      options,
    ),
    variantsByProductId: new DataLoader(
      async (productIds) =>
        groupBy(
          productIds,
          await prisma.$queryRaw<VariantRow[]>(selectVariantsBy("product_id", productIds)),
          (v) => v.productId,
        ),
      options,
    ),
    productPagesByCategory: createCategoryPagesLoader(sql, options),
    productCountsByCategory: createCategoryCountsLoader(prisma, options),
    readProductsWithRelations: (key, values, relations) =>
      sql.rows<ProductRowWithRelations>(selectProductsBy(key, values, relationColumns(relations))),
  };
}
