import type { Context } from "../../context";
import { keyFromGlobalId } from "../../graphql/global-id";
import { canSeeProduct } from "./catalog.policy";
import { lookupKey } from "./lookup-key";
import type { ProductRow } from "./product-rows";

/**
 * `product(id|slug)`: read through the request's loaders, so the product is loaded once
 * however many fields and lookups of the request ask for it. Null when absent or hidden.
 */
export async function findVisibleProduct(
  ctx: Context,
  id: string | null | undefined,
  slug: string | null | undefined,
): Promise<ProductRow | null> {
  const key = lookupKey(id, slug);
  if ("id" in key) return findVisibleProductByKey(ctx, keyFromGlobalId(key.id, "Product", "id"));
  const row = await ctx.loaders.productBySlug.load(key.slug);
  return row && canSeeProduct(ctx.request.viewer, row) ? row : null;
}

/** A product by database key, through the request's loaders; null when absent or hidden. */
export async function findVisibleProductByKey(ctx: Context, key: string): Promise<ProductRow | null> {
  const row = await ctx.loaders.productById.load(key);
  return row && canSeeProduct(ctx.request.viewer, row) ? row : null;
}
