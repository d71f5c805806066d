import type { RequestContext } from "../../common/request-context";
import { transactionOf, type Db } from "../../db/transactions";
import { maxLineQuantity } from "./cart.inputs";
import type { CartRow } from "./cart.type";

/**
 * The customer's cart, made on first use. One atomic statement: Prisma's upsert reads then
 * inserts, and two first requests racing would both insert.
 */
export async function customerCartOf(db: Db, userId: string): Promise<CartRow> {
  const [cart] = await db.$queryRaw<CartRow[]>`
    INSERT INTO carts (id, user_id, updated_at) VALUES (gen_random_uuid(), ${userId}::uuid, now())
    ON CONFLICT (user_id) DO UPDATE SET updated_at = now()
    RETURNING id, user_id AS "userId", discount_code_id AS "discountCodeId"`;
  return cart!;
}

/**
 * Merges a guest cart into a customer's cart (made if they have none), inside the caller's
 * transaction: quantities of the same variant add up (capped at the line maximum), the
 * guest's discount code is kept unless the customer's cart has one, the guest cart is
 * deleted. Stock and the code are checked at checkout, not here: merging must never fail
 * a login. Passing the customer's own cart is a no-op.
 */
export async function mergeGuestCartInto(
  ctx: RequestContext,
  guestCartKey: string,
  userId: string,
): Promise<CartRow> {
  const tx = transactionOf(ctx);
  const customerCart = await customerCartOf(tx, userId);
  if (customerCart.id === guestCartKey) return customerCart;
  await tx.$executeRaw`
    INSERT INTO cart_lines (id, cart_id, variant_id, quantity)
    SELECT gen_random_uuid(), ${customerCart.id}::uuid, variant_id, quantity FROM cart_lines WHERE cart_id = ${guestCartKey}::uuid
    ON CONFLICT (cart_id, variant_id)
    DO UPDATE SET quantity = LEAST(${maxLineQuantity}, cart_lines.quantity + EXCLUDED.quantity)`;
  const [merged] = await tx.$queryRaw<CartRow[]>`
    UPDATE carts SET discount_code_id = COALESCE(carts.discount_code_id, guest.discount_code_id)
    FROM carts guest
    WHERE carts.id = ${customerCart.id}::uuid AND guest.id = ${guestCartKey}::uuid
    RETURNING carts.id, carts.user_id AS "userId", carts.discount_code_id AS "discountCodeId"`;
  await tx.cart.deleteMany({ where: { id: guestCartKey, userId: null } });
  return merged ?? customerCart;
}
