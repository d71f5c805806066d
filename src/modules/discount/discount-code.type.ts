import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { DiscountType } from "../../generated/prisma/enums";
import { connectionType, type Connection, type Page } from "../../graphql/connection";
import { toGlobalId } from "../../graphql/global-id";
import { formatMinorUnits, Money } from "../../graphql/money";
import { Node } from "../../graphql/node";
import { DecimalScalar } from "../../graphql/scalars";
import { formatPercent } from "../pricing/percent";

registerEnumType(DiscountType, {
  name: "DiscountType",
  description: "What a discount code takes off.",
  valuesConfig: {
    PERCENTAGE: { description: "value is a percentage 1..100 of the subtotal" },
    FIXED_AMOUNT: { description: "value is an amount off the subtotal (never below zero)" },
    FREE_SHIPPING: { description: "shipping is free; value is 0" },
  },
});

export const discountCodeSelect = {
  id: true,
  code: true,
  type: true,
  value: true,
  minimumSubtotalAmount: true,
  startsAt: true,
  endsAt: true,
  usageLimit: true,
  usageLimitPerCustomer: true,
  timesUsed: true,
  active: true,
  createdAt: true,
} as const satisfies Prisma.DiscountCodeSelect;
export type DiscountCodeRow = Prisma.DiscountCodeGetPayload<{ select: typeof discountCodeSelect }>;

/** The code's value as the API writes it: a percent ("10.00") or an amount ("5.00"). */
export function discountValueText(row: Pick<DiscountCodeRow, "type" | "value">): string {
  return row.type === DiscountType.PERCENTAGE ? formatPercent(row.value) : formatMinorUnits(row.value);
}

@ObjectType("DiscountCode", {
  simpleResolvers: true,
  implements: Node,
  description: "A code customers enter for a discount (staff only).",
})
export class DiscountCodeType extends Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Matched case-insensitively; shown as created." })
  code: string;

  @Field(() => DiscountType, { description: "What it takes off." })
  type: DiscountType;

  @Field(() => DecimalScalar, {
    description:
      'Percent for PERCENTAGE ("10.00"), an amount for FIXED_AMOUNT ("5.00"), "0.00" for FREE_SHIPPING.',
  })
  value: string;

  @Field(() => Money, {
    nullable: true,
    description: "The cart's subtotal must reach this for the code to apply.",
  })
  minimumSubtotal: Money | null;

  @Field(() => Date, { nullable: true, description: "Not valid before this; null: from creation." })
  startsAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Not valid from this on; null: no end." })
  endsAt: Date | null;

  @Field(() => Int, { nullable: true, description: "Orders that may use the code in all; null = unlimited." })
  usageLimit: number | null;

  @Field(() => Int, { nullable: true, description: "Orders per customer email; null = unlimited." })
  usageLimitPerCustomer: number | null;

  @Field(() => Int, {
    description:
      "Orders placed with the code and not cancelled or refunded (a cancelled order gives its use back).",
  })
  timesUsed: number;

  @Field({ description: "Inactive codes do not apply." })
  active: boolean;

  @Field({ description: "When it was created." })
  createdAt: Date;

  static from(row: DiscountCodeRow, currencyCode: string): DiscountCodeType {
    return Object.assign(new DiscountCodeType(), {
      id: toGlobalId("DiscountCode", row.id),
      code: row.code,
      type: row.type,
      value: discountValueText(row),
      minimumSubtotal:
        row.minimumSubtotalAmount === null ? null : Money.of(row.minimumSubtotalAmount, currencyCode),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      usageLimit: row.usageLimit,
      usageLimitPerCustomer: row.usageLimitPerCustomer,
      timesUsed: row.timesUsed,
      active: row.active,
      createdAt: row.createdAt,
    });
  }
}

export const DiscountCodeConnection = connectionType(DiscountCodeType, "DiscountCode");

export function toDiscountCodeConnection(
  page: Page<DiscountCodeRow>,
  currencyCode: string,
): Connection<DiscountCodeType> {
  return DiscountCodeConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({
      node: DiscountCodeType.from(node, currencyCode),
      cursor,
    })),
  });
}
