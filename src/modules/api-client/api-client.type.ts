import { Field, ID, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { Role } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";
// Registers the Role enum with the schema (its one registration lives with the User type).
import "../account/user.type";

/** Everything but the token's hash, which never leaves the database. */
export const apiClientSelect = {
  id: true,
  name: true,
  roles: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const satisfies Prisma.ApiClientSelect;
export type ApiClientRow = Prisma.ApiClientGetPayload<{ select: typeof apiClientSelect }>;

@ObjectType("ApiClient", {
  simpleResolvers: true,
  implements: Node,
  description:
    "A machine client (a server-side storefront, an ERP sync). It sends its token in the Bazaar-Client-Token header, has a cost budget of its own, and may name the shopper it acts for in Bazaar-Buyer-IP (budgets and login throttles then apply per shopper). A buyer's session still goes in Authorization. Roles empty = storefront rights only.",
})
export class ApiClientType extends Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "What the client is, for people: e.g. Storefront (production)." })
  name: string;

  @Field(() => [Role], {
    description: "What it may do without a buyer's session: STAFF, ADMIN, or none (storefront rights).",
  })
  roles: Role[];

  @Field({ description: "When it was created." })
  createdAt: Date;

  @Field(() => Date, {
    nullable: true,
    description: "When it last sent a request, to within a minute; null: never.",
  })
  lastUsedAt: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "When it was revoked (its token has been refused since); null: active.",
  })
  revokedAt: Date | null;

  static from(row: ApiClientRow): ApiClientType {
    return Object.assign(new ApiClientType(), {
      id: toGlobalId("ApiClient", row.id),
      name: row.name,
      roles: row.roles,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    });
  }
}

@ObjectType("CreateApiClientPayload", {
  simpleResolvers: true,
  description: "A new API client and its token.",
})
export class CreateApiClientPayload {
  @Field(() => ApiClientType, { description: "The client." })
  client: ApiClientType;

  @Field({ description: "Shown only here; stored hashed." })
  token: string;
}
