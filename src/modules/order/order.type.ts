import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { OrderStatus, PaymentStatus } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "Where an order is in its lifecycle.",
  valuesConfig: {
    PENDING_PAYMENT: {
      description: "Placed, stock reserved, waiting to be paid (cancelled if unpaid for too long).",
    },
    PAID: { description: "Paid in full; waiting to ship." },
    FULFILLED: { description: "Shipped." },
    CANCELLED: { description: "Cancelled before payment; its stock was returned." },
    REFUNDED: { description: "Paid, then refunded; its stock was returned." },
  },
});
registerEnumType(PaymentStatus, {
  name: "PaymentStatus",
  description: "Outcome of a payment attempt.",
  valuesConfig: {
    PENDING: { description: "Sent to the gateway; its webhook has not settled it yet." },
    SUCCEEDED: { description: "The gateway charged the amount." },
    FAILED: { description: "The gateway declined or could not charge." },
    REFUNDED: { description: "Charged, then given back." },
  },
});

export const orderSelect = {
  id: true,
  number: true,
  status: true,
  email: true,
  userId: true,
  currencyCode: true,
  subtotalAmount: true,
  shippingAmount: true,
  totalAmount: true,
  shippingAddress: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.OrderSelect;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

/** BZ-000123: short enough to read out on the phone, unique by the database sequence. */
export function formatOrderNumber(number: number): string {
  return `BZ-${String(number).padStart(6, "0")}`;
}

@ObjectType("Order", {
  simpleResolvers: true,
  implements: Node,
  description: "A placed order: what was bought, at what price, and where it is in its lifecycle.",
})
export class OrderType extends Node {
  /** Database keys and the raw address snapshot, for field resolvers; not part of the schema. */
  key: string;
  customerKey: string | null;
  addressSnapshot: unknown;

  @Field(() => ID, {
    description: "Opaque global id; for a guest order, also the key to it (keep it private).",
  })
  declare id: string;

  @Field({ description: "Human-friendly, unique, e.g. BZ-000123" })
  number: string;

  @Field(() => OrderStatus, { description: "Lifecycle status." })
  status: OrderStatus;

  @Field({ description: "Where order emails go." })
  email: string;

  @Field(() => Money, { description: "Sum of the lines." })
  subtotal: Money;

  @Field(() => Money, { description: "Shipping charged." })
  shippingTotal: Money;

  @Field(() => Money, { description: "subtotal + shippingTotal: what the customer pays." })
  total: Money;

  @Field({ description: "When it was placed." })
  createdAt: Date;

  @Field({ description: "When its status last changed." })
  updatedAt: Date;

  static from(row: OrderRow): OrderType {
    return Object.assign(new OrderType(), {
      key: row.id,
      customerKey: row.userId,
      addressSnapshot: row.shippingAddress,
      id: toGlobalId("Order", row.id),
      number: formatOrderNumber(row.number),
      status: row.status,
      email: row.email,
      subtotal: Money.of(row.subtotalAmount, row.currencyCode),
      shippingTotal: Money.of(row.shippingAmount, row.currencyCode),
      total: Money.of(row.totalAmount, row.currencyCode),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}
