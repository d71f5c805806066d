import { Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { OrderStatus, PaymentStatus } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";
import type { OrderRow } from "./order-rows";

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

  @Field(() => Money, { description: "Sum of the lines, before discounts." })
  subtotal: Money;

  @Field(() => String, { nullable: true, description: "The code used, or null." })
  discountCode: string | null;

  @Field(() => Money, {
    description: "What the code took off the subtotal (the lines' shares add up to it).",
  })
  discountTotal: Money;

  @Field({ description: "The shipping method's name as it was at checkout." })
  shippingMethod: string;

  @Field(() => Money, { description: "Shipping charged." })
  shippingTotal: Money;

  @Field(() => Money, {
    description:
      "Tax on the lines and on shipping. When catalog prices include tax it is the part of the total that is tax.",
  })
  taxTotal: Money;

  @Field(() => Money, {
    description:
      "What the customer pays. Prices without tax: subtotal - discountTotal + shippingTotal + taxTotal. Prices with tax: subtotal - discountTotal + shippingTotal.",
  })
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
      discountCode: row.discountCode,
      discountTotal: Money.of(row.discountAmount, row.currencyCode),
      shippingMethod: row.shippingMethod,
      shippingTotal: Money.of(row.shippingAmount, row.currencyCode),
      taxTotal: Money.of(row.taxAmount, row.currencyCode),
      total: Money.of(row.totalAmount, row.currencyCode),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  }
}
