import { Field, ID, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { PaymentStatus } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";

export const paymentSelect = {
  id: true,
  orderId: true,
  gateway: true,
  providerRef: true,
  status: true,
  amount: true,
  currencyCode: true,
  createdAt: true,
} as const satisfies Prisma.PaymentSelect;

export type PaymentRow = Prisma.PaymentGetPayload<{ select: typeof paymentSelect }>;

@ObjectType("Payment", {
  simpleResolvers: true,
  implements: Node,
  description: "One attempt to pay for an order through a payment gateway.",
})
export class PaymentType extends Node {
  /** Database key of the order, for visibility checks; not part of the schema. */
  orderKey: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "The gateway that handles it, e.g. `test`." })
  gateway: string;

  @Field(() => PaymentStatus, { description: "PENDING until the gateway reports the outcome." })
  status: PaymentStatus;

  @Field(() => Money, { description: "Amount charged." })
  amount: Money;

  @Field({ description: "When the attempt was made." })
  createdAt: Date;

  static from(row: PaymentRow): PaymentType {
    return Object.assign(new PaymentType(), {
      orderKey: row.orderId,
      id: toGlobalId("Payment", row.id),
      gateway: row.gateway,
      status: row.status,
      amount: Money.of(row.amount, row.currencyCode),
      createdAt: row.createdAt,
    });
  }
}
