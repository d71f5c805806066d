import { IsOptional, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { AddressInput } from "../account/account.inputs";

@InputType({ description: "Turns a cart into an order." })
export class CheckoutInput {
  @Field(() => ID, { description: "The cart to check out." })
  cartId: string;

  @Field(() => String, {
    nullable: true,
    description: "Required for guests; defaults to the customer's email.",
  })
  @IsOptional()
  @MaxLength(254)
  email?: string | null;

  @Field(() => AddressInput, { description: "Where to ship." })
  @ValidateNested()
  shippingAddress: AddressInput;

  @Field(() => ID, {
    nullable: true,
    description:
      "A method of the zone that ships to the address; null = that zone's cheapest. No zone for the country: BAD_USER_INPUT naming shippingAddress.country.",
  })
  shippingMethodId?: string | null;

  @Field({ description: "Same key + same input = the same order, never a second one." })
  @MaxLength(255)
  idempotencyKey: string;
}
