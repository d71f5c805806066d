import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionArgs, type Connection } from "../../graphql/connection";
import { DiscountCodeConnection, DiscountCodeType, toDiscountCodeConnection } from "./discount-code.type";
import { CreateDiscountCodeInput, UpdateDiscountCodeInput } from "./discount.inputs";

@Resolver(() => DiscountCodeType)
export class DiscountCodeResolver {
  @Authorized("STAFF", "ADMIN")
  @Query(() => DiscountCodeConnection, { description: "STAFF/ADMIN: every discount code, newest first." })
  async discountCodes(
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() ctx: Context,
  ): Promise<Connection<DiscountCodeType>> {
    return toDiscountCodeConnection(
      await ctx.services.discounts.listDiscountCodes(ctx.request, args),
      ctx.currencyCode,
    );
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => DiscountCodeType, {
    description: "STAFF/ADMIN. A code already taken (case-insensitive): CONFLICT.",
  })
  async createDiscountCode(
    @Arg("input", () => CreateDiscountCodeInput, { description: "The new code." })
    input: CreateDiscountCodeInput,
    @Ctx() ctx: Context,
  ): Promise<DiscountCodeType> {
    return DiscountCodeType.from(
      await ctx.services.discounts.createDiscountCode(ctx.request, input),
      ctx.currencyCode,
    );
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => DiscountCodeType, { description: "STAFF/ADMIN" })
  async updateDiscountCode(
    @Arg("input", () => UpdateDiscountCodeInput, { description: "The code and the fields to change." })
    input: UpdateDiscountCodeInput,
    @Ctx() ctx: Context,
  ): Promise<DiscountCodeType> {
    return DiscountCodeType.from(
      await ctx.services.discounts.updateDiscountCode(ctx.request, input),
      ctx.currencyCode,
    );
  }
}
