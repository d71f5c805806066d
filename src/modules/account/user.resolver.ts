import { Ctx, FieldResolver, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import { forbidden } from "../../graphql/errors";
import { canSeeUser } from "./account.policy";
import { AddressType } from "./address.type";
import { UserType } from "./user.type";

/** The fields UserResolver resolves on UserType: ResolverInterface checks each method against them. */
interface UserFields {
  addresses: AddressType[];
}

@Resolver(() => UserType)
export class UserResolver implements ResolverInterface<UserType & UserFields> {
  @FieldResolver(() => [AddressType], { description: "The user's address book (the user and staff only)." })
  async addresses(@Root() user: UserType, @Ctx() ctx: Context): Promise<AddressType[]> {
    if (!canSeeUser(ctx.request.viewer, { id: user.key })) throw forbidden();
    const rows = await ctx.loaders.addressesByUserId.load(user.key);
    return rows.map((row) => AddressType.from(row));
  }
}
