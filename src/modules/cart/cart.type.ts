import { Field, ID, Int, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

export const cartSelect = {
  id: true,
  userId: true,
  discountCodeId: true,
} as const satisfies Prisma.CartSelect;

export type CartRow = Prisma.CartGetPayload<{ select: typeof cartSelect }>;

export const cartLineSelect = {
  id: true,
  cartId: true,
  variantId: true,
  quantity: true,
} as const satisfies Prisma.CartLineSelect;

export type CartLineRow = Prisma.CartLineGetPayload<{ select: typeof cartLineSelect }>;

@ObjectType("CartLine", {
  simpleResolvers: true,
  description: "One variant in a cart, at its CURRENT price.",
})
export class CartLineType {
  /** Database keys, for field resolvers; not part of the schema. */
  key: string;
  variantKey: string;

  @Field(() => ID, { description: "Id of the line, for updateCartLine / removeCartLine." })
  id: string;

  @Field(() => Int, { description: "Units of the variant, 1 to 99." })
  quantity: number;

  static from(row: CartLineRow): CartLineType {
    return Object.assign(new CartLineType(), {
      key: row.id,
      variantKey: row.variantId,
      id: toGlobalId("CartLine", row.id),
      quantity: row.quantity,
    });
  }
}

@ObjectType("Cart", {
  simpleResolvers: true,
  implements: Node,
  description: "A shopping cart. A guest cart's id is the key to it; a customer's cart is theirs alone.",
})
export class CartType extends Node {
  /** Database keys, for field resolvers; not part of the schema. */
  key: string;
  discountCodeKey: string | null;

  @Field(() => ID, {
    description: "Opaque global id; for a guest cart, also the key to it (keep it private).",
  })
  declare id: string;

  static from(row: CartRow): CartType {
    return Object.assign(new CartType(), {
      key: row.id,
      discountCodeKey: row.discountCodeId,
      id: toGlobalId("Cart", row.id),
    });
  }
}
