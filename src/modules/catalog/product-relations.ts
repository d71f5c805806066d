import { Prisma } from "../../generated/prisma/client";
import { productReviewPageJson, type ReviewPageKey } from "../review/review.loaders";
import { productCategoryChainJson } from "./category-rows";
import type { ProductRow } from "./product-rows";
import { productVariantsJson } from "./variant-rows";

/**
 * Look-ahead loading of a product's relations: what a selection of Product fields asks for
 * is read with the products themselves, in the same statement, and primed into the
 * request's loaders, where the field resolvers find it. Anything not understood here is
 * simply not primed, and its field resolver loads it as always: answers never change, only
 * the number of statements.
 */
export interface ProductRelations {
  variants: boolean;
  /** The category with its ancestors, as `categoryById` loads it. */
  category: boolean;
  /** The one page of reviews every selection of `reviews` asks for; null when none, or several. */
  reviews: Omit<ReviewPageKey, "productId"> | null;
}

export const noRelations: ProductRelations = { variants: false, category: false, reviews: null };

export function hasRelations(relations: ProductRelations): boolean {
  return relations.variants || relations.category || relations.reviews !== null;
}

/** A product row read with `relationColumns`: its relations as JSON beside its own columns. */
export type ProductRowWithRelations = ProductRow & {
  relatedVariants?: unknown[];
  relatedCategories?: unknown[] | null;
  relatedReviews?: unknown[];
};

/** The select-list additions (after the product's own columns, aliased `p`) that read `relations`. */
export function relationColumns(relations: ProductRelations): Prisma.Sql {
  const columns: Prisma.Sql[] = [];
  if (relations.variants) columns.push(Prisma.sql`${productVariantsJson} AS "relatedVariants"`);
  if (relations.category) columns.push(Prisma.sql`${productCategoryChainJson} AS "relatedCategories"`);
  if (relations.reviews)
    columns.push(Prisma.sql`${productReviewPageJson(relations.reviews)} AS "relatedReviews"`);
  return columns.length === 0 ? Prisma.empty : Prisma.sql`, ${Prisma.join(columns)}`;
}
