import type { Context } from "../../context";
import { keyFromGlobalId } from "../../graphql/global-id";
import { canSeeProduct } from "./catalog.policy";
import { lookupKey } from "./lookup-key";
import { primeProduct, primeProductRelations } from "./product-look-ahead";
import { hasRelations, noRelations, type ProductRelations } from "./product-relations";
import type { ProductRow } from "./product-rows";

/**
 * `product(id|slug)`: read through the request's loaders, so the product is loaded once
 * however many fields and lookups of the request ask for it; with `relations` (what its
 * selection asks for), read together with them in one statement that primes the loaders.
 * Null when absent or hidden.
 */
export async function findVisibleProduct(
  ctx: Context,
  id: string | null | undefined,
  slug: string | null | undefined,
  relations: ProductRelations = noRelations,
): Promise<ProductRow | null> {
  const key = lookupKey(id, slug);
  const row =
    "id" in key
      ? await loadProduct(ctx, "id", keyFromGlobalId(key.id, "Product", "id"), relations)
      : await loadProduct(ctx, "slug", key.slug, relations);
  return row && canSeeProduct(ctx.request.viewer, row) ? row : null;
}

/** A product by database key, through the request's loaders; null when absent or hidden. */
export async function findVisibleProductByKey(ctx: Context, key: string): Promise<ProductRow | null> {
  const row = await ctx.loaders.productById.load(key);
  return row && canSeeProduct(ctx.request.viewer, row) ? row : null;
}

async function loadProduct(
  ctx: Context,
  key: "id" | "slug",
  value: string,
  relations: ProductRelations,
): Promise<ProductRow | null> {
  const loader = key === "id" ? ctx.loaders.productById : ctx.loaders.productBySlug;
  if (!hasRelations(relations)) return loader.load(value);
  const [row] = primeProductRelations(
    ctx,
    await ctx.loaders.readProductsWithRelations(key, [value], relations),
    relations,
  );
  if (row) primeProduct(ctx, row);
  return row ?? null;
}
