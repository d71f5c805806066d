import { Field, ID, Int, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";

export const shippingZoneSelect = { id: true, name: true } as const satisfies Prisma.ShippingZoneSelect;
export type ShippingZoneRow = Prisma.ShippingZoneGetPayload<{ select: typeof shippingZoneSelect }>;

export const shippingMethodSelect = {
  id: true,
  zoneId: true,
  name: true,
  priceAmount: true,
  freeAboveAmount: true,
  minDeliveryDays: true,
  maxDeliveryDays: true,
  active: true,
} as const satisfies Prisma.ShippingMethodSelect;
export type ShippingMethodRow = Prisma.ShippingMethodGetPayload<{ select: typeof shippingMethodSelect }>;

/** Cheapest first, then by name: the order checkout offers them in. */
export const shippingMethodOrder = [
  { priceAmount: "asc" as const },
  { name: "asc" as const },
  { id: "asc" as const },
];

@ObjectType("ShippingZone", {
  simpleResolvers: true,
  implements: Node,
  description: "Countries that ship the same ways, and those ways.",
})
export class ShippingZoneType extends Node {
  /** Database key, for the `countries` and `methods` fields; not part of the schema. */
  key: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Display name, e.g. Europe." })
  name: string;

  static from(row: ShippingZoneRow): ShippingZoneType {
    return Object.assign(new ShippingZoneType(), {
      key: row.id,
      id: toGlobalId("ShippingZone", row.id),
      name: row.name,
    });
  }
}

@ObjectType("ShippingMethod", {
  simpleResolvers: true,
  implements: Node,
  description: "A way a zone's orders ship, at a price.",
})
export class ShippingMethodType extends Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Display name, unique within its zone, e.g. Express." })
  name: string;

  @Field(() => Money, { description: "Its price for an order below `freeAbove`." })
  price: Money;

  @Field(() => Money, {
    nullable: true,
    description: "Free when the discounted subtotal reaches this; null = never free.",
  })
  freeAbove: Money | null;

  @Field(() => Int, { nullable: true, description: "Fewest working days to deliver, when known." })
  minDeliveryDays: number | null;

  @Field(() => Int, { nullable: true, description: "Most working days to deliver, when known." })
  maxDeliveryDays: number | null;

  @Field({ description: "Inactive methods are neither quoted nor accepted at checkout." })
  active: boolean;

  static from(row: ShippingMethodRow, currencyCode: string): ShippingMethodType {
    return Object.assign(new ShippingMethodType(), {
      id: toGlobalId("ShippingMethod", row.id),
      name: row.name,
      price: Money.of(row.priceAmount, currencyCode),
      freeAbove: row.freeAboveAmount === null ? null : Money.of(row.freeAboveAmount, currencyCode),
      minDeliveryDays: row.minDeliveryDays,
      maxDeliveryDays: row.maxDeliveryDays,
      active: row.active,
    });
  }
}
