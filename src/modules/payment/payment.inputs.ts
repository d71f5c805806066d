import { Length, MaxLength } from "class-validator";
import { Field, ID, InputType } from "type-graphql";

@InputType({ description: "Pays an order through the payment gateway." })
export class PayOrderInput {
  @Field(() => ID, { description: "The unpaid order to pay." })
  orderId: string;

  @Field({ description: "Test gateway tokens: tok_visa (succeeds), tok_chargeDeclined (declines)." })
  @Length(1, 200)
  paymentToken: string;

  @Field({ description: "Same key + same input = the same payment, never a second charge." })
  @MaxLength(255)
  idempotencyKey: string;
}
