import { Field, InputType, ObjectType, ID } from "type-graphql";
import { IsISO31661Alpha2, IsOptional, MaxLength } from "class-validator";
import { Money } from "../../graphql/money";
import { ShippingMethodType } from "../shipping/shipping.type";
import type { CheckoutPrice, ShippingRateRow } from "./checkout-pricing";

@InputType({ description: "A cart and where it would go." })
export class CheckoutQuoteInput {
  @Field(() => ID, { description: "The cart to price." })
  cartId: string;

  @Field({ description: "ISO 3166-1 alpha-2" })
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as DE" })
  country: string;

  @Field(() => String, {
    nullable: true,
    description: "State or province, where taxes differ by it (e.g. CA).",
  })
  @IsOptional()
  @MaxLength(100)
  region?: string | null;

  @Field(() => ID, { nullable: true, description: "null: the zone's cheapest method" })
  shippingMethodId?: string | null;
}

@ObjectType("ShippingRate", { simpleResolvers: true, description: "A shipping method at this cart's price." })
export class ShippingRateType {
  @Field(() => ShippingMethodType, { description: "The method." })
  method: ShippingMethodType;

  @Field(() => Money, { description: "This cart's price for the method (0 when free)." })
  price: Money;

  static from(rate: ShippingRateRow, currencyCode: string): ShippingRateType {
    return Object.assign(new ShippingRateType(), {
      method: ShippingMethodType.from(rate.method, currencyCode),
      price: Money.of(rate.price, currencyCode),
    });
  }
}

@ObjectType("CheckoutQuote", {
  simpleResolvers: true,
  description: "What checking out a cart to a destination would cost now, by the rules checkout uses.",
})
export class CheckoutQuoteType {
  @Field(() => Money, { description: "Sum of the lines, before discounts." })
  subtotal: Money;

  @Field(() => String, { nullable: true, description: "The cart's code when it applies now, else null." })
  discountCode: string | null;

  @Field(() => Money, { description: "What the code takes off the subtotal." })
  discountTotal: Money;

  @Field(() => [ShippingRateType], {
    description: "Every active method of the destination's zone, cheapest first.",
  })
  shippingRates: ShippingRateType[];

  @Field(() => ShippingRateType, { description: "The chosen (or cheapest) rate." })
  shipping: ShippingRateType;

  @Field(() => Money, {
    description:
      "Tax on the lines and on shipping (the part of the total that is tax when prices include it).",
  })
  taxTotal: Money;

  @Field(() => Money, { description: "What checkout would charge: the order's total." })
  total: Money;

  static from(price: CheckoutPrice, discountCode: string | null, currencyCode: string): CheckoutQuoteType {
    const money = (amount: number) => Money.of(amount, currencyCode);
    return Object.assign(new CheckoutQuoteType(), {
      subtotal: money(price.order.subtotal),
      discountCode,
      discountTotal: money(price.order.discountTotal),
      shippingRates: price.shippingRates.map((rate) => ShippingRateType.from(rate, currencyCode)),
      shipping: ShippingRateType.from(price.shipping, currencyCode),
      taxTotal: money(price.order.taxTotal),
      total: money(price.order.total),
    });
  }
}
