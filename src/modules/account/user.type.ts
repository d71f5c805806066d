import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { Role } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

registerEnumType(Role, {
  name: "Role",
  description: "What a user may do: shop, run the shop, or administer it.",
  valuesConfig: {
    CUSTOMER: { description: "Shops: carts, orders, reviews, an address book." },
    STAFF: { description: "Runs the shop: catalog, all orders, fulfilment and refunds." },
    ADMIN: { description: "Everything staff may do, and administers the shop." },
  },
});

@ObjectType("User", { simpleResolvers: true, implements: Node, description: "A registered account." })
export class UserType extends Node {
  /** Database key, for field resolvers; not part of the schema. */
  key: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Normalised sign-in email (trimmed, lower-case, Unicode NFKC)." })
  email: string;

  @Field({ description: "Display name." })
  name: string;

  @Field(() => [Role], { description: "Roles granted to the account." })
  roles: Role[];

  @Field({ description: "When the account was registered." })
  createdAt: Date;

  static from(row: UserRow): UserType {
    return Object.assign(new UserType(), {
      key: row.id,
      id: toGlobalId("User", row.id),
      email: row.email,
      name: row.name,
      roles: row.roles,
      createdAt: row.createdAt,
    });
  }
}

/** The columns a User is built from (see `UserType.from`). */
export const userSelect = {
  id: true,
  email: true,
  name: true,
  roles: true,
  createdAt: true,
} as const satisfies Prisma.UserSelect;

export type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;
