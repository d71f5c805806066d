import type { Context } from "../../context";
import { mapPageNodes, maxPageSize, type ConnectionArgs, type Page } from "../../graphql/connection";
import { fieldsNamed, type ResolveTree } from "../../graphql/selection";
import { reviewPageOfArgs } from "../review/product-reviews.page";
import type { ReviewPageKey } from "../review/review.loaders";
import { reviewRowFromJson } from "../review/review-rows";
import { categoryRowFromJson } from "./category-rows";
import { productRowFromJson, type ProductRow } from "./product-rows";
import { noRelations, type ProductRelations, type ProductRowWithRelations } from "./product-relations";
import type { LineVariantsJson } from "./line-relations";
import { variantRowFromJson } from "./variant-rows";

/** A page size the field accepts; anything else is left to the field, which refuses it. */
function isPageSize(first: unknown): first is number | null | undefined {
  if (first === null || first === undefined) return true;
  return typeof first === "number" && Number.isInteger(first) && first >= 1 && first <= maxPageSize;
}

/** The review page of `reviews(first, after)`, or null when the arguments are the field's to refuse. */
function reviewPageOf(ctx: Context, args: ResolveTree["args"]): Omit<ReviewPageKey, "productId"> | null {
  const { first, after } = args;
  if (!isPageSize(first) || (after !== null && after !== undefined && typeof after !== "string")) return null;
  try {
    return reviewPageOfArgs(ctx, { first, after } satisfies ConnectionArgs);
  } catch {
    return null;
  }
}

/**
 * The relations that selections of products ask for (each the selection of a field whose
 * value is a Product): a relation any of them selects is loaded; the reviews page only when
 * every selection of `reviews` asks for the same one.
 */
export function selectedProductRelations(ctx: Context, products: readonly ResolveTree[]): ProductRelations {
  if (!ctx.lookAhead || products.length === 0) return noRelations;
  const selected = (name: string) => products.flatMap((product) => fieldsNamed(product, "Product", name));
  const reviewPages = selected("reviews").map((field) => reviewPageOf(ctx, field.args));
  const distinctPages = new Set(reviewPages.map((page) => JSON.stringify(page)));
  return {
    variants: selected("variants").length > 0,
    category: selected("category").length > 0,
    reviews: distinctPages.size === 1 ? (reviewPages[0] ?? null) : null,
  };
}

/**
 * Primes the request's loaders with the relations `rows` carry (read with
 * `relationColumns(relations)`; a loader keeps what it already holds), and returns the rows
 * as plain `ProductRow`s.
 */
export function primeProductRelations(
  ctx: Context,
  rows: ProductRowWithRelations[],
  relations: ProductRelations,
): ProductRow[] {
  const { loaders } = ctx;
  return rows.map(({ relatedVariants, relatedCategories, relatedReviews, ...product }) => {
    if (relatedVariants) {
      const variants = relatedVariants.map(variantRowFromJson);
      loaders.variantsByProductId.prime(product.id, variants);
      for (const variant of variants) loaders.variantById.prime(variant.id, variant);
    }
    for (const category of (relatedCategories ?? []).map(categoryRowFromJson))
      loaders.categoryById.prime(category.id, category);
    if (relatedReviews && relations.reviews) {
      const key = { productId: product.id, ...relations.reviews };
      loaders.reviewPagesByProduct.prime(key, relatedReviews.map(reviewRowFromJson));
    }
    return product;
  });
}

/**
 * `primeProductRelations` over a page of products; with look-ahead on, the products
 * themselves are primed too (a review's or a variant's `product` then costs nothing).
 */
export function primeProductPage(
  ctx: Context,
  page: Page<ProductRowWithRelations>,
  relations: ProductRelations,
): Page<ProductRow> {
  return mapPageNodes(page, (nodes) => {
    const rows = primeProductRelations(ctx, nodes, relations);
    if (ctx.lookAhead) for (const row of rows) primeProduct(ctx, row);
    return rows;
  });
}

/** The product in both of its lookups. */
export function primeProduct(ctx: Context, row: ProductRow): void {
  ctx.loaders.productById.prime(row.id, row);
  ctx.loaders.productBySlug.prime(row.slug, row);
}

/** Primes the request's loaders with what `lineVariantColumns` read (a loader keeps what it holds). */
export function primeLineVariants(
  ctx: Context,
  { relatedVariants, relatedProducts }: LineVariantsJson,
): void {
  for (const variant of (relatedVariants ?? []).map(variantRowFromJson))
    ctx.loaders.variantById.prime(variant.id, variant);
  for (const product of (relatedProducts ?? []).map(productRowFromJson)) primeProduct(ctx, product);
}
