import { Field, ObjectType } from "type-graphql";
import type { SignedIn } from "./account.service";
import { UserType } from "./user.type";

@ObjectType("AuthPayload", {
  simpleResolvers: true,
  description: "A new session: send `token` as `Authorization: Bearer <token>`.",
})
export class AuthPayload {
  @Field({ description: "Opaque session token; shown once, stored by Bazaar only as a hash." })
  token: string;

  @Field(() => UserType, { description: "The signed-in user." })
  user: UserType;

  static from(signedIn: SignedIn): AuthPayload {
    return Object.assign(new AuthPayload(), { token: signedIn.token, user: UserType.from(signedIn.user) });
  }
}
