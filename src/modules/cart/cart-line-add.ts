import type { Viewer } from "../../auth/viewer";
import { Prisma } from "../../generated/prisma/client";
import { productJson } from "../catalog/product-rows";
import { variantJson } from "../catalog/variant-rows";
import { maxLineQuantity } from "./cart.inputs";
import { cartLineJson, type CartRow } from "./cart.type";

/** What the one statement of an addToCart saw, and whether it wrote. */
export interface CartLineAddition {
  /** The cart, locked; null when there is none. */
  cart: CartRow | null;
  /** The variant's stock; null when there is no such variant. */
  quantityAvailable: number | null;
  /** The variant's product is not archived. */
  sold: boolean;
  /** Units of the variant the cart held before. */
  quantityBefore: number;
  /** The line was written (and the cart touched). */
  written: boolean;
  /** After the write: the cart's lines, oldest first, and their variants, as JSON. */
  lines: unknown[] | null;
  variants: unknown[] | null;
  /** The variants' products, as JSON, when asked for (else absent). */
  products?: unknown[] | null;
}

/**
 * The ONE statement that adds `quantity` units of a variant to a cart, and reads the cart's lines
 * and their variants (and their products, `withProducts`) as they are after it (the mutation's answer: no second round trip, no
 * BEGIN/COMMIT — a single statement is its own transaction).
 *
 * The cart's row is locked first (`FOR UPDATE`), so additions to one cart queue. The line is
 * written only when every rule holds: the caller may use the cart (as `canSeeCart`), the
 * product is sold, and the new quantity is within the line limit and the stock. The limit is
 * checked again on the line's latest version in `ON CONFLICT … WHERE`: an addition that
 * committed after this statement's snapshot was taken is counted, never overshot. The caller
 * reads why nothing was written from what the statement saw (or retries once, when the rules
 * held on the snapshot but not on the latest line).
 */
export function addCartLineStatement(
  viewer: Viewer,
  target: { cartKey: string; variantKey: string; quantity: number; withProducts: boolean },
): Prisma.Sql {
  const { cartKey, variantKey, quantity, withProducts } = target;
  return Prisma.sql`
    WITH cart AS (
      SELECT id, user_id, discount_code_id FROM carts WHERE id = ${cartKey}::uuid FOR UPDATE
    ), variant AS (
      SELECT v.quantity_available, p.archived_at IS NULL AS sold
      FROM product_variants v JOIN products p ON p.id = v.product_id
      WHERE v.id = ${variantKey}::uuid
    ), before AS (
      SELECT coalesce(sum(quantity), 0)::int AS quantity FROM cart_lines
      WHERE cart_id = ${cartKey}::uuid AND variant_id = ${variantKey}::uuid
    ), written AS (
      INSERT INTO cart_lines (cart_id, variant_id, quantity)
      SELECT ${cartKey}::uuid, ${variantKey}::uuid, ${quantity}::int
      FROM cart, variant, before
      WHERE (cart.user_id IS NULL OR cart.user_id = ${viewer.userId}::uuid OR ${viewer.system !== undefined})
        AND variant.sold
        AND before.quantity + ${quantity} <= LEAST(${maxLineQuantity}, variant.quantity_available)
      ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_lines.quantity + EXCLUDED.quantity
        WHERE cart_lines.quantity + EXCLUDED.quantity <= ${maxLineQuantity}
      RETURNING id, cart_id, variant_id, quantity, created_at
    ), touched AS (
      UPDATE carts SET updated_at = now() WHERE id IN (SELECT cart_id FROM written)
    ), lines AS (
      SELECT id, cart_id, variant_id, quantity, created_at FROM cart_lines
      WHERE cart_id = ${cartKey}::uuid AND variant_id <> ${variantKey}::uuid
      UNION ALL
      SELECT id, cart_id, variant_id, quantity, created_at FROM written
    )
    SELECT
      (SELECT json_build_object('id', id, 'userId', user_id, 'discountCodeId', discount_code_id) FROM cart) AS cart,
      (SELECT quantity_available FROM variant) AS "quantityAvailable",
      coalesce((SELECT sold FROM variant), false) AS sold,
      (SELECT quantity FROM before) AS "quantityBefore",
      EXISTS (SELECT 1 FROM written) AS written,
      CASE WHEN EXISTS (SELECT 1 FROM written) THEN
        (SELECT json_agg(${cartLineJson} ORDER BY l.created_at, l.id) FROM lines l) END AS lines,
      CASE WHEN EXISTS (SELECT 1 FROM written) THEN
        (SELECT json_agg(${variantJson}) FROM product_variants v WHERE v.id IN (SELECT variant_id FROM lines)) END
        AS variants
      ${withProducts ? lineProductsColumn : Prisma.empty}`;
}

const lineProductsColumn = Prisma.sql`,
  CASE WHEN EXISTS (SELECT 1 FROM written) THEN
    (SELECT json_agg(${productJson}) FROM products p
     WHERE p.id IN (SELECT v.product_id FROM product_variants v WHERE v.id IN (SELECT variant_id FROM lines))) END
    AS products`;
