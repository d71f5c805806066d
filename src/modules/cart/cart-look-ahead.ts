import type { Context } from "../../context";
import { fieldsNamed, type ResolveTree } from "../../graphql/selection";
import { primeLineVariants } from "../catalog/product-look-ahead";
import { noCartRelations, type CartRelations, type CartRowWithRelations } from "./cart-relations";
import { cartLineRowFromJson, type CartRow } from "./cart.type";

/** Cart fields computed from the lines and their variants' current prices. */
const pricedFields = ["subtotal", "discountTotal"];

/** The relations a selection of a cart (the selection of a field whose value is a Cart) asks for. */
export function selectedCartRelations(ctx: Context, cart: ResolveTree | null): CartRelations {
  if (!ctx.lookAhead || !cart) return noCartRelations;
  const selected = (names: string[]) => names.flatMap((name) => fieldsNamed(cart, "Cart", name));
  const lines = selected(["lines"]);
  const priced = selected(pricedFields);
  const variants = lines.flatMap((line) => fieldsNamed(line, "CartLine", "variant"));
  const linePrices = lines.flatMap((line) => [
    ...fieldsNamed(line, "CartLine", "unitPrice"),
    ...fieldsNamed(line, "CartLine", "lineTotal"),
  ]);
  const products = variants.flatMap((variant) => fieldsNamed(variant, "ProductVariant", "product"));
  return {
    lines: lines.length > 0 || priced.length > 0 || selected(["totalQuantity"]).length > 0,
    variants: variants.length > 0 || linePrices.length > 0 || priced.length > 0,
    products: products.length > 0,
  };
}

/** Primes the request's loaders with the relations `cart` carries; the plain row. */
export function primeCart(
  ctx: Context,
  { relatedLines, relatedVariants, relatedProducts, ...cart }: CartRowWithRelations,
): CartRow {
  if (relatedLines) ctx.loaders.linesByCartId.prime(cart.id, relatedLines.map(cartLineRowFromJson));
  primeLineVariants(ctx, { relatedVariants, relatedProducts });
  return cart;
}
