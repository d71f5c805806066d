import { Field, ID, Int, ObjectType } from "type-graphql";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { DecimalScalar } from "../../graphql/scalars";
import { formatPercent } from "../pricing/percent";
import type { OrderLineRow } from "./order-rows";

@ObjectType("OrderLine", {
  simpleResolvers: true,
  description: "A line of an order: name, SKU and price as they were at checkout.",
})
export class OrderLineType {
  /** Database key of the variant (null once deleted), for the `variant` field. */
  variantKey: string | null;

  @Field(() => ID, { description: "Opaque id of the line." })
  id: string;

  @Field({ description: "Product name at checkout." })
  productName: string;

  @Field({ description: "SKU at checkout." })
  sku: string;

  @Field(() => Int, { description: "Units ordered." })
  quantity: number;

  @Field(() => Money, { description: "Unit price at checkout." })
  unitPrice: Money;

  @Field(() => Money, { description: "unitPrice × quantity, before discounts." })
  lineTotal: Money;

  @Field(() => Money, { description: "This line's share of the order's discount." })
  discountAmount: Money;

  @Field(() => DecimalScalar, { description: 'Percent applied to this line, e.g. "19.00".' })
  taxRate: string;

  @Field(() => Money, {
    description: "Tax on the line after its discount (or in it, when prices include tax).",
  })
  taxAmount: Money;

  static from(row: OrderLineRow, currencyCode: string): OrderLineType {
    return Object.assign(new OrderLineType(), {
      variantKey: row.variantId,
      id: toGlobalId("OrderLine", row.id),
      productName: row.productName,
      sku: row.sku,
      quantity: row.quantity,
      unitPrice: Money.of(row.unitPriceAmount, currencyCode),
      lineTotal: Money.of(row.lineTotalAmount, currencyCode),
      discountAmount: Money.of(row.discountAmount, currencyCode),
      taxRate: formatPercent(row.taxRateBasisPoints),
      taxAmount: Money.of(row.taxAmount, currencyCode),
    });
  }
}
