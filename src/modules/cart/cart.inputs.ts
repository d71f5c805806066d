import { Max, MaxLength, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";

export const maxLineQuantity = 99;

@InputType({ description: "Adds units of a variant to a cart (to its line, if it has one)." })
export class AddToCartInput {
  @Field(() => ID, { description: "The cart to add to." })
  cartId: string;

  @Field(() => ID, { description: "The product variant to add." })
  variantId: string;

  @Field(() => Int, { description: `Units to add, 1 to ${maxLineQuantity}.` })
  @Min(1, { message: "quantity must be at least 1" })
  @Max(maxLineQuantity, { message: `quantity must be at most ${maxLineQuantity}` })
  quantity: number;
}

@InputType({ description: "Sets the quantity of a cart line." })
export class UpdateCartLineInput {
  @Field(() => ID, { description: "The cart holding the line." })
  cartId: string;

  @Field(() => ID, { description: "The line to change (CartLine.id)." })
  lineId: string;

  @Field(() => Int, {
    description: `New quantity, 1 to ${maxLineQuantity} (remove a line with removeCartLine).`,
  })
  @Min(1, { message: "quantity must be at least 1" })
  @Max(maxLineQuantity, { message: `quantity must be at most ${maxLineQuantity}` })
  quantity: number;
}

@InputType({ description: "Removes a line from a cart." })
export class RemoveCartLineInput {
  @Field(() => ID, { description: "The cart holding the line." })
  cartId: string;

  @Field(() => ID, { description: "The line to remove (CartLine.id)." })
  lineId: string;
}

@InputType({ description: "A discount code for a cart." })
export class ApplyDiscountCodeInput {
  @Field(() => ID, { description: "The cart to apply it to." })
  cartId: string;

  @Field({ description: "The code as the customer typed it; case does not matter." })
  @MaxLength(100, { message: "code must be at most 100 characters" })
  code: string;
}
