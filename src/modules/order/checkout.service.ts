import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import { badUserInput, notFound, outOfStock } from "../../graphql/errors";
import { keyFromGlobalId, toGlobalId } from "../../graphql/global-id";
import { normalizeAddress, type NormalizedAddress } from "../account/address-normalize";
import { parseEmail } from "../account/email";
import { canSeeCart } from "../cart/cart.policy";
import { refreshProductAggregates } from "../catalog/product-aggregates";
import type { CheckoutInput } from "./checkout.inputs";
import type { ChangeEvents } from "../../events/change-events";
import { runIdempotently } from "./idempotency";
import { orderTotals, type ShippingRates } from "./order-totals";
import { reserveStock } from "./stock";

export interface CheckoutSettings {
  currencyCode: string;
  shipping: ShippingRates;
  idempotencyTtlHours: number;
}

interface CartLineForCheckout {
  variantId: string;
  productId: string;
  productName: string;
  sku: string;
  quantity: number;
  priceAmount: number;
  archived: boolean;
}

/** Checkout: a cart becomes an order, all in one transaction, at most once per idempotency key. */
export class CheckoutService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly changes: ChangeEvents,
    private readonly settings: CheckoutSettings,
  ) {}

  /** Places the order and returns its id. */
  async checkout(ctx: RequestContext, input: CheckoutInput): Promise<string> {
    const cartKey = keyFromGlobalId(input.cartId, "Cart", "cartId");
    const email = await this.orderEmail(ctx, input.email);
    const address = normalizeAddress(input.shippingAddress);
    const { orderId } = await runIdempotently(
      this.transactions,
      ctx,
      {
        // A guest's keys live with the cart they check out: holding the cart is the identity.
        scope: ctx.viewer.userId ? `user:${ctx.viewer.userId}` : `cart:${cartKey}`,
        operation: "checkout",
        key: input.idempotencyKey,
        input: { cartKey, email, address },
        ttlHours: this.settings.idempotencyTtlHours,
      },
      async (ctx) => ({ orderId: await this.placeOrder(ctx, cartKey, email, address) }),
    );
    return orderId;
  }

  private async orderEmail(ctx: RequestContext, given: string | null | undefined): Promise<string> {
    if (given) return parseEmail(given);
    if (!ctx.viewer.userId) throw badUserInput("email is required to check out as a guest.", "email");
    const user = await this.prisma.user.findUniqueOrThrow({
      where: { id: ctx.viewer.userId },
      select: { email: true },
    });
    return user.email;
  }

  private async placeOrder(
    ctx: RequestContext,
    cartKey: string,
    email: string,
    address: NormalizedAddress,
  ): Promise<string> {
    const tx = transactionOf(ctx);
    const lines = await this.lockedCartLines(ctx, cartKey);
    if (lines.length === 0) throw badUserInput("The cart is empty.", "cartId");
    const gone = lines.filter((line) => line.archived);
    if (gone.length > 0) {
      throw badUserInput(
        `No longer sold: ${gone.map((l) => l.productName).join(", ")}. Remove it from the cart.`,
        "cartId",
      );
    }
    const short = await reserveStock(
      ctx,
      lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
    );
    if (short.length > 0) {
      const names = lines
        .filter((l) => short.includes(l.variantId))
        .map((l) => `${l.productName} (${l.sku})`);
      throw outOfStock(
        `Not enough stock for: ${names.join(", ")}.`,
        short.map((id) => toGlobalId("ProductVariant", id)),
      );
    }
    const totals = orderTotals(
      lines.map((l) => l.priceAmount * l.quantity),
      this.settings.shipping,
    );
    const order = await tx.order.create({
      data: {
        email,
        userId: ctx.viewer.userId,
        currencyCode: this.settings.currencyCode,
        subtotalAmount: totals.subtotal,
        shippingAmount: totals.shipping,
        totalAmount: totals.total,
        shippingAddress: { ...address },
        lines: {
          createMany: {
            data: lines.map((l, position) => ({
              variantId: l.variantId,
              productId: l.productId,
              productName: l.productName,
              sku: l.sku,
              quantity: l.quantity,
              unitPriceAmount: l.priceAmount,
              lineTotalAmount: l.priceAmount * l.quantity,
              position,
            })),
          },
        },
      },
      select: { id: true },
    });
    await tx.cartLine.deleteMany({ where: { cartId: cartKey } });
    const productKeys = lines.map((l) => l.productId);
    await refreshProductAggregates(ctx, productKeys);
    await this.changes.productsChanged(ctx, productKeys);
    return order.id;
  }

  /** The cart's lines with current prices, the cart locked against concurrent changes. */
  private async lockedCartLines(ctx: RequestContext, cartKey: string): Promise<CartLineForCheckout[]> {
    const tx = transactionOf(ctx);
    const [cart] = await tx.$queryRaw<
      { userId: string | null }[]
    >`SELECT user_id AS "userId" FROM carts WHERE id = ${cartKey}::uuid FOR UPDATE`;
    if (!cart || !canSeeCart(ctx.viewer, cart)) throw notFound("Cart");
    const rows = await tx.cartLine.findMany({
      where: { cartId: cartKey },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        quantity: true,
        variant: {
          select: {
            id: true,
            sku: true,
            priceAmount: true,
            product: { select: { id: true, name: true, archivedAt: true } },
          },
        },
      },
    });
    return rows.map((row) => ({
      variantId: row.variant.id,
      productId: row.variant.product.id,
      productName: row.variant.product.name,
      sku: row.variant.sku,
      quantity: row.quantity,
      priceAmount: row.variant.priceAmount,
      archived: row.variant.product.archivedAt !== null,
    }));
  }
}
