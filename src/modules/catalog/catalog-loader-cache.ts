import type { CatalogLoaders } from "./catalog.loaders";
import type { CategoryRow } from "./category-rows";

/**
 * After a write, the request's loaders may hold rows as they were before it: the
 * mutation's answer must show the new state, so the resolver drops what the write changed.
 */
export function forgetProduct(loaders: CatalogLoaders, product: { id: string; slug: string }): void {
  loaders.productById.clear(product.id);
  loaders.productBySlug.clear(product.slug);
  loaders.variantsByProductId.clear(product.id);
}

export function forgetVariant(loaders: CatalogLoaders, variant: { id: string; productId: string }): void {
  loaders.variantById.clear(variant.id);
  loaders.variantsByProductId.clear(variant.productId);
  loaders.productById.clear(variant.productId);
}

export function forgetCategory(
  loaders: CatalogLoaders,
  category: Pick<CategoryRow, "id" | "parentId">,
): void {
  loaders.categoryById.clear(category.id);
  if (category.parentId) loaders.categoriesByParentId.clear(category.parentId);
}
