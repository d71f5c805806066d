import { Field, ID, Int, ObjectType } from "type-graphql";
import { prismaSelect, type ColumnMap, type RowOf } from "../../db/column-map";
import { jsonObjectOf, rowFromJson } from "../../db/json-rows";
import type { CartLine, Prisma } from "../../generated/prisma/client";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

export const cartSelect = {
  id: true,
  userId: true,
  discountCodeId: true,
} as const satisfies Prisma.CartSelect;

export type CartRow = Prisma.CartGetPayload<{ select: typeof cartSelect }>;

/** A cart line as every read returns it: when it was added only orders the lines. */
export type CartLineRow = RowOf<CartLine, "createdAt">;

const cartLineColumnMap = {
  id: "id",
  cartId: "cart_id",
  variantId: "variant_id",
  quantity: "quantity",
} as const satisfies ColumnMap<CartLineRow>;

export const cartLineSelect = prismaSelect(cartLineColumnMap);

/** A cart line as one JSON value (aliased `l`), for a cart read together with its lines. */
export const cartLineJson = jsonObjectOf(cartLineColumnMap, "l");

/** A line of `cartLineJson`, as a `CartLineRow`. */
export function cartLineRowFromJson(json: unknown): CartLineRow {
  return rowFromJson<CartLineRow>(json, []);
}

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
