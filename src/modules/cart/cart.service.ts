import type { RequestContext } from "../../common/request-context";
import type { DirectSql } from "../../db/direct-sql";
import { transactionOf, type Transactions } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
import { badUserInput, conflict, notFound, outOfStock } from "../../graphql/errors";
import { keyFromGlobalId, toGlobalId } from "../../graphql/global-id";
import { codeToApply } from "../discount/code-to-apply";
import {
  maxLineQuantity,
  type AddToCartInput,
  type ApplyDiscountCodeInput,
  type RemoveCartLineInput,
  type UpdateCartLineInput,
} from "./cart.inputs";
import { productRowFromJson, type ProductRow } from "../catalog/product-rows";
import { variantRowFromJson, type VariantRow } from "../catalog/variant-rows";
import { addCartLineStatement, type CartLineAddition } from "./cart-line-add";
import { cartLineRowFromJson, cartSelect, type CartLineRow, type CartRow } from "./cart.type";
import { customerCartOf, mergeGuestCartInto } from "./cart-merge";
import { canSeeCart } from "./cart.policy";
import {
  cartColumns,
  cartRelationColumns,
  type CartRelations,
  type CartRowWithRelations,
} from "./cart-relations";

/** A cart with its lines and their variants, as a write leaves them (what its answer shows). */
export interface CartWithLines {
  cart: CartRow;
  lines: CartLineRow[];
  variants: VariantRow[];
  /** The variants' products, when asked for. */
  products: ProductRow[];
}

/**
 * Whether `quantity` units of a variant (null: none such) can be in one cart line.
 * @throws NOT_FOUND for a variant that does not exist or is not sold, BAD_USER_INPUT naming
 *   `quantity` above the line limit, OUT_OF_STOCK above the stock.
 */
function assertQuantityOrderable(
  variant: { quantityAvailable: number; sold: boolean } | null,
  variantId: string,
  quantity: number,
): void {
  if (!variant || !variant.sold) throw notFound("Product variant");
  if (quantity > maxLineQuantity) {
    throw badUserInput(`A cart line holds at most ${maxLineQuantity} units.`, "quantity");
  }
  if (variant.quantityAvailable < quantity) {
    const message =
      variant.quantityAvailable === 0
        ? "This variant is out of stock."
        : `Only ${variant.quantityAvailable} units of this variant are available.`;
    throw outOfStock(message, [variantId]);
  }
}

/**
 * Carts: a guest cart belongs to whoever holds its id; a customer's cart to the customer.
 * Lines hold only variant and quantity: prices are always read fresh.
 */
export class CartService {
  constructor(
    private readonly transactions: Transactions,
    private readonly sql: DirectSql,
  ) {}

  /** A signed-in caller gets their own cart (made on first use); a guest a new cart. */
  async createCart(ctx: RequestContext): Promise<CartRow> {
    const userId = ctx.viewer.userId;
    const db = this.transactions.db(ctx);
    if (!userId) return db.cart.create({ data: {}, select: cartSelect });
    return customerCartOf(db, userId);
  }

  /** The cart if the caller may use it, else null (someone else's cart looks absent). */
  findCartByKey(ctx: RequestContext, key: string): Promise<CartRow | null> {
    return this.visibleCart(ctx, key);
  }

  /**
   * `cart(id)` as the API reads it: the cart with what its selection asks for (`relations`,
   * see cart-relations.ts) in ONE statement. A request's own read, never part of a
   * transaction.
   * @throws NOT_FOUND when the cart does not exist or is someone else's.
   */
  async getCartWithRelations(
    ctx: RequestContext,
    id: string,
    relations: CartRelations,
  ): Promise<CartRowWithRelations> {
    const key = keyFromGlobalId(id, "Cart", "id");
    const [cart] = await this.sql.rows<CartRowWithRelations>(
      Prisma.sql`SELECT ${cartColumns}${cartRelationColumns(relations)} FROM carts c WHERE c.id = ${key}::uuid`,
    );
    if (!cart || !canSeeCart(ctx.viewer, cart)) throw notFound("Cart");
    return cart;
  }

  /** @throws NOT_FOUND when the cart does not exist or is someone else's. */
  async getCart(ctx: RequestContext, id: string): Promise<CartRow> {
    const cart = await this.findCartByKey(ctx, keyFromGlobalId(id, "Cart", "id"));
    if (!cart) throw notFound("Cart");
    return cart;
  }

  private async visibleCart(ctx: RequestContext, key: string): Promise<CartRow | null> {
    const cart = await this.transactions.db(ctx).cart.findUnique({ where: { id: key }, select: cartSelect });
    return cart && canSeeCart(ctx.viewer, cart) ? cart : null;
  }

  /** The cart, locked (changes to one cart happen one at a time) and read under the lock. */
  private async usableCart(ctx: RequestContext, cartId: string): Promise<CartRow> {
    const key = keyFromGlobalId(cartId, "Cart", "cartId");
    const [cart] = await transactionOf(ctx).$queryRaw<CartRow[]>`
      SELECT id, user_id AS "userId", discount_code_id AS "discountCodeId"
      FROM carts WHERE id = ${key}::uuid FOR UPDATE`;
    if (!cart || !canSeeCart(ctx.viewer, cart)) throw notFound("Cart");
    return cart;
  }

  /** Checks that `quantity` units of a variant can go in a cart: sold, and in stock. */
  private async assertOrderable(
    ctx: RequestContext,
    variantKey: string,
    variantId: string,
    quantity: number,
  ): Promise<void> {
    const variant = await transactionOf(ctx).productVariant.findUnique({
      where: { id: variantKey },
      select: { quantityAvailable: true, product: { select: { archivedAt: true } } },
    });
    const orderable = variant && {
      quantityAvailable: variant.quantityAvailable,
      sold: variant.product.archivedAt === null,
    };
    assertQuantityOrderable(orderable, variantId, quantity);
  }

  /**
   * Adds units of a variant to the cart in ONE statement (see addCartLineStatement), which also reads
   * the cart's lines and their variants (and products, `withProducts`) as they are after it:
   * the mutation's whole answer.
   */
  async addToCart(ctx: RequestContext, input: AddToCartInput, withProducts = false): Promise<CartWithLines> {
    const target = {
      withProducts,
      cartKey: keyFromGlobalId(input.cartId, "Cart", "cartId"),
      variantKey: keyFromGlobalId(input.variantId, "ProductVariant", "variantId"),
      quantity: input.quantity,
    };
    // A second try only when another addition to the same line committed after the first
    // statement's snapshot: the second sees it.
    for (let attempt = 1; ; attempt += 1) {
      // The statement always answers one row: what it saw, and whether it wrote.
      const added = (
        await this.oneStatement<CartLineAddition>(ctx, addCartLineStatement(ctx.viewer, target))
      )[0]!;
      if (added.written)
        return {
          cart: added.cart!,
          lines: (added.lines ?? []).map(cartLineRowFromJson),
          variants: (added.variants ?? []).map(variantRowFromJson),
          products: (added.products ?? []).map(productRowFromJson),
        };
      if (!added.cart || !canSeeCart(ctx.viewer, added.cart)) throw notFound("Cart");
      const variant =
        added.quantityAvailable === null
          ? null
          : { quantityAvailable: added.quantityAvailable, sold: added.sold };
      assertQuantityOrderable(variant, input.variantId, added.quantityBefore + input.quantity);
      if (attempt === 2) throw conflict("The cart changed meanwhile; try again.", "cartId");
    }
  }

  /**
   * ONE statement's rows: through the open transaction when `ctx` runs in one (it must see
   * and keep that transaction's locks), else straight to the pool (see direct-sql.ts).
   */
  private oneStatement<Row>(ctx: RequestContext, statement: Prisma.Sql): Promise<Row[]> {
    return ctx.transaction ? ctx.transaction.$queryRaw<Row[]>(statement) : this.sql.rows<Row>(statement);
  }

  async updateCartLine(ctx: RequestContext, input: UpdateCartLineInput): Promise<CartRow> {
    const lineKey = keyFromGlobalId(input.lineId, "CartLine", "lineId");
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const cart = await this.usableCart(ctx, input.cartId);
      const line = await tx.cartLine.findFirst({
        where: { id: lineKey, cartId: cart.id },
        select: { variantId: true },
      });
      if (!line) throw notFound("Cart line");
      await this.assertOrderable(
        ctx,
        line.variantId,
        toGlobalId("ProductVariant", line.variantId),
        input.quantity,
      );
      await tx.cartLine.update({ where: { id: lineKey }, data: { quantity: input.quantity } });
      await tx.cart.update({ where: { id: cart.id }, data: { updatedAt: new Date() } });
      return cart;
    });
  }

  async removeCartLine(ctx: RequestContext, input: RemoveCartLineInput): Promise<CartRow> {
    const lineKey = keyFromGlobalId(input.lineId, "CartLine", "lineId");
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const cart = await this.usableCart(ctx, input.cartId);
      const { count } = await tx.cartLine.deleteMany({ where: { id: lineKey, cartId: cart.id } });
      if (count === 0) throw notFound("Cart line");
      await tx.cart.update({ where: { id: cart.id }, data: { updatedAt: new Date() } });
      return cart;
    });
  }

  /**
   * Puts a code on the cart, replacing the one it had (a cart holds one). Checkout checks
   * the code again and records its use.
   * @throws BAD_USER_INPUT naming `code` (see codeToApply).
   */
  async applyDiscountCode(ctx: RequestContext, input: ApplyDiscountCodeInput): Promise<CartRow> {
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const cart = await this.usableCart(ctx, input.cartId);
      const [{ subtotal }] = await tx.$queryRaw<[{ subtotal: number }]>`
        SELECT coalesce(sum(v.price_amount * l.quantity), 0)::int AS subtotal
        FROM cart_lines l JOIN product_variants v ON v.id = l.variant_id
        WHERE l.cart_id = ${cart.id}::uuid`;
      const code = await codeToApply(ctx, input.code, subtotal);
      return tx.cart.update({
        where: { id: cart.id },
        data: { discountCodeId: code.id, updatedAt: new Date() },
        select: cartSelect,
      });
    });
  }

  /** Takes the cart's code off; a cart without one is left as it is. */
  async removeDiscountCode(ctx: RequestContext, cartId: string): Promise<CartRow> {
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const cart = await this.usableCart(ctx, cartId);
      if (cart.discountCodeId === null) return cart;
      return transactionOf(ctx).cart.update({
        where: { id: cart.id },
        data: { discountCodeId: null, updatedAt: new Date() },
        select: cartSelect,
      });
    });
  }

  /** Moves a guest cart's lines into the signed-in customer's cart (see mergeGuestCartInto). */
  async mergeIntoCustomerCart(ctx: RequestContext, guestCartId: string): Promise<CartRow> {
    const guestKey = keyFromGlobalId(guestCartId, "Cart", "cartId");
    const userId = ctx.viewer.userId!;
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const guest = await this.visibleCart(ctx, guestKey);
      if (!guest) throw notFound("Cart");
      return mergeGuestCartInto(ctx, guest.id, userId);
    });
  }
}
