import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { Context } from "../../context";
import { forbidden } from "../../graphql/errors";
import { canSeeUser } from "./account.policy";
import { AddressType } from "./address.type";
import { UserType } from "./user.type";

@Resolver(() => UserType)
export class UserResolver {
  @FieldResolver(() => [AddressType], { description: "The user's address book (the user and staff only)." })
  async addresses(@Root() user: UserType, @Ctx() ctx: Context): Promise<AddressType[]> {
    if (!canSeeUser(ctx.request.viewer, { id: user.key })) throw forbidden();
    const rows = await ctx.loaders.addressesByUserId.load(user.key);
    return rows.map((row) => AddressType.from(row));
  }
}
