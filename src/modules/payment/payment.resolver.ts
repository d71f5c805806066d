import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { OrderType } from "../order/order.type";
import { PayOrderInput } from "./payment.inputs";
import { PaymentType } from "./payment.type";

@Resolver(() => PaymentType)
export class PaymentResolver {
  @Mutation(() => PaymentType, {
    description:
      "Starts paying an unpaid order: the payment is PENDING until the gateway's webhook settles it (order → PAID on success).",
  })
  async payOrder(
    @Arg("input", () => PayOrderInput, {
      description: "The order, a gateway payment token and an idempotency key.",
    })
    input: PayOrderInput,
    @Ctx() ctx: Context,
  ): Promise<PaymentType> {
    return PaymentType.from(await ctx.services.payments.payOrder(ctx.request, input));
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => OrderType, {
    description: "STAFF/ADMIN: refunds a paid order through the gateway and returns its stock.",
  })
  async refundOrder(
    @Arg("orderId", () => ID, { description: "The paid order to refund." }) orderId: string,
    @Ctx() ctx: Context,
  ): Promise<OrderType> {
    return OrderType.from(await ctx.services.payments.refundOrder(ctx.request, orderId));
  }
}
