import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { canSeeCart } from "../cart/cart.policy";
import { discountCodeSelect } from "../discount/discount-code.type";
import { applicableRule } from "../discount/discount-validity";
import { checkoutLineOrder } from "./checkout-cart";
import { priceCheckout, type CheckoutPrice } from "./checkout-pricing";
import type { CheckoutQuoteInput } from "./checkout-quote.type";

export interface CheckoutQuote {
  price: CheckoutPrice;
  /** The cart's code when it applies now; null otherwise. */
  discountCode: string | null;
}

/**
 * What a checkout would cost, without placing it: the same reads and the same pure rules
 * as checkout (priceCheckout), so the quote's total is the order's. Only the per-customer
 * limit of a code is left to checkout, which knows the email.
 */
export class CheckoutQuoteService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly settings: { pricesIncludeTax: boolean },
  ) {}

  /** @throws NOT_FOUND for a cart the caller may not use; BAD_USER_INPUT as priceCheckout says. */
  async quote(ctx: RequestContext, input: CheckoutQuoteInput): Promise<CheckoutQuote> {
    const cartKey = keyFromGlobalId(input.cartId, "Cart", "cartId");
    const shippingMethodKey = input.shippingMethodId
      ? keyFromGlobalId(input.shippingMethodId, "ShippingMethod", "shippingMethodId")
      : null;
    const cart = await this.prisma.cart.findUnique({
      where: { id: cartKey },
      select: {
        userId: true,
        discountCode: { select: discountCodeSelect },
        lines: {
          orderBy: checkoutLineOrder,
          select: {
            quantity: true,
            variant: { select: { priceAmount: true, product: { select: { taxClassId: true } } } },
          },
        },
      },
    });
    if (!cart || !canSeeCart(ctx.viewer, cart)) throw notFound("Cart");
    const lines = cart.lines.map(({ quantity, variant }) => ({
      lineTotal: variant.priceAmount * quantity,
      taxClassId: variant.product.taxClassId,
    }));
    const subtotal = lines.reduce((sum, line) => sum + line.lineTotal, 0);
    const discount = applicableRule(cart.discountCode, subtotal, new Date());
    const price = await priceCheckout(
      this.prisma,
      {
        lines,
        discount,
        destination: { country: input.country.toUpperCase(), region: input.region?.trim() || null },
        shippingMethodKey,
        pricesIncludeTax: this.settings.pricesIncludeTax,
      },
      { country: "country", shippingMethodId: "shippingMethodId" },
    );
    return { price, discountCode: discount ? cart.discountCode!.code : null };
  }
}
