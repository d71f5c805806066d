import { Arg, Ctx, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { CheckoutQuoteInput, CheckoutQuoteType } from "./checkout-quote.type";

@Resolver()
export class CheckoutQuoteResolver {
  @Query(() => CheckoutQuoteType, {
    description:
      "What checking out this cart to this destination would cost now, per shipping method. Its total equals the order's total when checkout follows with the same cart, address and method.",
  })
  async checkoutQuote(
    @Arg("input", () => CheckoutQuoteInput, {
      description: "The cart, the destination and, optionally, the method.",
    })
    input: CheckoutQuoteInput,
    @Ctx() ctx: Context,
  ): Promise<CheckoutQuoteType> {
    const { price, discountCode } = await ctx.services.checkoutQuotes.quote(ctx.request, input);
    return CheckoutQuoteType.from(price, discountCode, ctx.currencyCode);
  }
}
