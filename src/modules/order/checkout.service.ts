import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { ChangeEvents } from "../../events/change-events";
import { badUserInput, outOfStock } from "../../graphql/errors";
import { keyFromGlobalId, toGlobalId } from "../../graphql/global-id";
import { normalizeAddress, type NormalizedAddress } from "../account/address-normalize";
import { parseEmail } from "../account/email";
import { refreshProductAggregates } from "../catalog/product-aggregates";
import { recordDiscountUse } from "../discount/discount-uses";
import { discountRuleOf } from "../discount/discount-validity";
import type { WebhookEvents } from "../webhook/webhook-events";
import { lockCartForCheckout, lockUsableCode } from "./checkout-cart";
import type { CheckoutInput } from "./checkout.inputs";
import { priceCheckout } from "./checkout-pricing";
import { runIdempotently } from "./idempotency";
import { insertOrder } from "./order-insert";
import type { OrderRelations, OrderRowWithRelations } from "./order-relations";
import { reserveStock } from "./stock";

export interface CheckoutSettings {
  currencyCode: string;
  /** Catalog and shipping prices include tax (orders then show the part of the total that is tax). */
  pricesIncludeTax: boolean;
  idempotencyTtlHours: number;
}

interface CheckoutRequest {
  cartKey: string;
  email: string;
  address: NormalizedAddress;
  shippingMethodKey: string | null;
}

/** Checkout: a cart becomes an order, all in one transaction, at most once per idempotency key. */
export class CheckoutService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly changes: ChangeEvents,
    private readonly webhookEvents: WebhookEvents,
    private readonly settings: CheckoutSettings,
  ) {}

  /**
   * Places the order: its id, and the order as placed with its lines and the `relations`
   * asked for (null for a replay of an idempotency key, whose order may have changed since:
   * read it).
   */
  async checkout(
    ctx: RequestContext,
    input: CheckoutInput,
    relations: OrderRelations,
  ): Promise<{ orderId: string; placed: OrderRowWithRelations | null }> {
    const request: CheckoutRequest = {
      cartKey: keyFromGlobalId(input.cartId, "Cart", "cartId"),
      email: await this.orderEmail(ctx, input.email),
      address: normalizeAddress(input.shippingAddress),
      shippingMethodKey: input.shippingMethodId
        ? keyFromGlobalId(input.shippingMethodId, "ShippingMethod", "shippingMethodId")
        : null,
    };
    const { response, result } = await runIdempotently(
      this.transactions,
      ctx,
      {
        // A guest's keys live with the cart they check out: holding the cart is the identity.
        scope: ctx.viewer.userId ? `user:${ctx.viewer.userId}` : `cart:${request.cartKey}`,
        operation: "checkout",
        key: input.idempotencyKey,
        input: request,
        ttlHours: this.settings.idempotencyTtlHours,
      },
      { orderId: randomUUID() },
      (ctx, { orderId }) => this.placeOrder(ctx, request, orderId, relations),
    );
    return { orderId: response.orderId, placed: result };
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

  /**
   * Locks come in one order, shared with cancellations (order → code → stock): the cart,
   * then the cart's discount code, then the variants' stock. Everything that fails is
   * checked before anything is written; the transaction rolls back all of it otherwise.
   */
  private async placeOrder(
    ctx: RequestContext,
    request: CheckoutRequest,
    orderId: string,
    relations: OrderRelations,
  ): Promise<OrderRowWithRelations> {
    const tx = transactionOf(ctx);
    const { cart, lines } = await lockCartForCheckout(ctx, request.cartKey);
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
    const code = cart.discountCodeId
      ? await lockUsableCode(ctx, cart.discountCodeId, subtotal, request.email)
      : null;
    const price = await priceCheckout(
      tx,
      {
        lines,
        discount: code && discountRuleOf(code),
        destination: { country: request.address.country, region: request.address.region },
        shippingMethodKey: request.shippingMethodKey,
        pricesIncludeTax: this.settings.pricesIncludeTax,
      },
      { country: "shippingAddress.country", shippingMethodId: "shippingMethodId" },
    );
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
    const productKeys = lines.map((l) => l.productId);
    await refreshProductAggregates(ctx, productKeys);
    const placed = await insertOrder(
      tx,
      {
        id: orderId,
        cartKey: cart.id,
        email: request.email,
        userId: ctx.viewer.userId,
        currencyCode: this.settings.currencyCode,
        discountCode: code?.code ?? null,
        shippingMethod: price.shipping.method.name,
        taxIncluded: this.settings.pricesIncludeTax,
        shippingAddress: request.address,
        lines,
        priced: price.order,
      },
      relations,
    );
    if (code) await recordDiscountUse(tx, { discountCodeId: code.id, orderId, customerEmail: request.email });
    await this.changes.productsChanged(ctx, productKeys);
    await this.webhookEvents.orderChanged(ctx, orderId, "PENDING_PAYMENT");
    return placed;
  }
}
