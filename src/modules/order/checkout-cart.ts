import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { canSeeCart } from "../cart/cart.policy";
import type { DiscountCodeRow } from "../discount/discount-code.type";
import { usesByCustomer } from "../discount/discount-uses";
import { whyCodeDoesNotApply } from "../discount/discount-validity";

export interface CartLineForCheckout {
  variantId: string;
  productId: string;
  productName: string;
  sku: string;
  quantity: number;
  priceAmount: number;
  /** priceAmount × quantity. */
  lineTotal: number;
  taxClassId: string | null;
}

/**
 * The order checkout takes a cart's lines in (the order they were added). The discount's
 * leftover cents go to the earlier lines, so whatever prices a cart as checkout will
 * (checkoutQuote) must take them in this order too, never in the order rows happen to come.
 */
export const checkoutLineOrder = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export interface CartForCheckout {
  cart: { id: string; discountCodeId: string | null };
  lines: CartLineForCheckout[];
}

/**
 * The cart, locked against concurrent changes, with its lines at current prices.
 * @throws NOT_FOUND for a cart the caller may not use; BAD_USER_INPUT naming `cartId`
 *   for an empty cart or one holding a product no longer sold.
 */
export async function lockCartForCheckout(ctx: RequestContext, cartKey: string): Promise<CartForCheckout> {
  const tx = transactionOf(ctx);
  const [cart] = await tx.$queryRaw<{ id: string; userId: string | null; discountCodeId: string | null }[]>`
    SELECT id, user_id AS "userId", discount_code_id AS "discountCodeId"
    FROM carts WHERE id = ${cartKey}::uuid FOR UPDATE`;
  if (!cart || !canSeeCart(ctx.viewer, cart)) throw notFound("Cart");
  // One statement for every line (its variant and product joined), in checkoutLineOrder. The
  // cart's lines are taken first by the cart's index (MATERIALIZED): joined straight away, a
  // planner without fresh statistics (a table just filled) may scan every cart's lines.
  const rows = await tx.$queryRaw<(Omit<CartLineForCheckout, "lineTotal"> & { archived: boolean })[]>`
    WITH l AS MATERIALIZED (
      SELECT variant_id, quantity, created_at, id FROM cart_lines WHERE cart_id = ${cartKey}::uuid
    )
    SELECT v.id AS "variantId", p.id AS "productId", p.name AS "productName", v.sku, l.quantity,
           v.price_amount AS "priceAmount", p.tax_class_id AS "taxClassId",
           p.archived_at IS NOT NULL AS archived
    FROM l
    JOIN product_variants v ON v.id = l.variant_id
    JOIN products p ON p.id = v.product_id
    ORDER BY l.created_at, l.id`;
  if (rows.length === 0) throw badUserInput("The cart is empty.", "cartId");
  const gone = rows.filter((row) => row.archived);
  if (gone.length > 0) {
    throw badUserInput(
      `No longer sold: ${gone.map((row) => row.productName).join(", ")}. Remove it from the cart.`,
      "cartId",
    );
  }
  const lines = rows.map(({ archived: _archived, ...line }) => ({
    ...line,
    lineTotal: line.priceAmount * line.quantity,
  }));
  return { cart: { id: cart.id, discountCodeId: cart.discountCodeId }, lines };
}

/**
 * The cart's discount code, locked until the order commits, after checking it still
 * applies: concurrent checkouts with one code take turns here, so each sees the uses
 * of those before it and the limits hold whatever the concurrency.
 *
 * @throws CONFLICT naming the code when it no longer applies (ended, used up, the
 *   customer's uses spent, …): the cart's code must be removed or replaced first.
 */
export async function lockUsableCode(
  ctx: RequestContext,
  codeId: string,
  subtotal: number,
  customerEmail: string,
): Promise<DiscountCodeRow> {
  const tx = transactionOf(ctx);
  const [code] = await tx.$queryRaw<DiscountCodeRow[]>`
    SELECT id, code, type, value, minimum_subtotal_amount AS "minimumSubtotalAmount",
           starts_at AS "startsAt", ends_at AS "endsAt", usage_limit AS "usageLimit",
           usage_limit_per_customer AS "usageLimitPerCustomer", times_used AS "timesUsed",
           active, created_at AS "createdAt"
    FROM discount_codes WHERE id = ${codeId}::uuid FOR UPDATE`;
  // The cart's foreign key keeps the code (codes are never deleted while a cart holds one).
  if (!code) throw new Error(`discount code ${codeId} of a cart is gone`);
  const problem =
    whyCodeDoesNotApply(code, subtotal, new Date()) ??
    (code.usageLimitPerCustomer !== null &&
    (await usesByCustomer(tx, code.id, customerEmail)) >= code.usageLimitPerCustomer
      ? `The code "${code.code}" has been used as often as one customer may use it.`
      : null);
  if (problem) throw conflict(`${problem} Remove it from the cart to check out.`, "discountCode");
  return code;
}
