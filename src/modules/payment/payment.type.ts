import { Field, ID, ObjectType } from "type-graphql";
import { prismaSelect, selectList, type ColumnMap, type RowOf } from "../../db/column-map";
import type { Payment } from "../../generated/prisma/client";
import { PaymentStatus } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";

/** A payment as every read returns it: its failure and refund bookkeeping stay in the services. */
export type PaymentRow = RowOf<Payment, "failureReason" | "refundPendingSince" | "updatedAt">;

const paymentColumnMap = {
  id: "id",
  orderId: "order_id",
  gateway: "gateway",
  providerRef: "provider_ref",
  status: "status",
  amount: "amount",
  currencyCode: "currency_code",
  createdAt: "created_at",
} as const satisfies ColumnMap<PaymentRow>;

export const paymentSelect = prismaSelect(paymentColumnMap);

/** A payment's columns as raw reads select them (aliased `p`), rows already `PaymentRow`s. */
export const paymentColumns = selectList(paymentColumnMap, "p");

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
