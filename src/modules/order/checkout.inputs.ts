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

  @Field({ description: "Same key + same input = the same order, never a second one." })
  @MaxLength(255)
  idempotencyKey: string;
}
