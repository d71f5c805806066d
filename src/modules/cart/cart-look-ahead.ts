import type { Context } from "../../context";
import { fieldsNamed, type ResolveTree } from "../../graphql/selection";

/**
 * Whether a selection of a Cart asks for its lines' variants' products: addToCart then reads
 * them with the lines it writes (the variants it reads always).
 */
export function selectsLineProducts(ctx: Context, cart: ResolveTree | null): boolean {
  if (!ctx.lookAhead || !cart) return false;
  return fieldsNamed(cart, "Cart", "lines")
    .flatMap((line) => fieldsNamed(line, "CartLine", "variant"))
    .some((variant) => fieldsNamed(variant, "ProductVariant", "product").length > 0);
}
