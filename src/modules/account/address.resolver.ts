import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { AddressInput } from "./account.inputs";
import { AddressType } from "./address.type";

@Resolver(() => AddressType)
export class AddressResolver {
  @Authorized()
  @Mutation(() => AddressType, { description: "Adds an address to the signed-in customer's address book." })
  async addAddress(
    @Arg("input", () => AddressInput, { description: "The address to add." }) input: AddressInput,
    @Ctx() ctx: Context,
  ): Promise<AddressType> {
    return AddressType.from(await ctx.services.addresses.add(ctx.request, input));
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Deletes one of the signed-in customer's addresses." })
  deleteAddress(
    @Arg("id", () => ID, { description: "The address to delete." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<boolean> {
    return ctx.services.addresses.delete(ctx.request, id);
  }
}
