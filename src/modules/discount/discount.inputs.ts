import { IsInt, IsOptional, Matches, Max, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DiscountType } from "../../generated/prisma/enums";
import { DecimalScalar } from "../../graphql/scalars";

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_-]{2,39}$/;
const maxUsageLimit = 1_000_000_000;

@InputType({ description: "A new discount code." })
export class CreateDiscountCodeInput {
  @Field({
    description:
      "3 to 40 letters, digits, '-' or '_', starting with a letter or digit; unique whatever its case.",
  })
  @Matches(codePattern, {
    message: "code must be 3 to 40 letters, digits, '-' or '_', starting with a letter or digit",
  })
  code: string;

  @Field(() => DiscountType, { description: "What it takes off." })
  type: DiscountType;

  @Field(() => DecimalScalar, {
    description: 'PERCENTAGE: 1 to 100 ("12.5"); FIXED_AMOUNT: an amount above 0 ("5.00"); FREE_SHIPPING: 0.',
  })
  value: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "The subtotal a cart must reach for the code to apply.",
  })
  minimumSubtotal?: string | null;

  @Field(() => Date, { nullable: true, description: "Not valid before this; null: at once." })
  startsAt?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: "Not valid from this on (after startsAt); null: no end.",
  })
  endsAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "Orders that may use the code in all (at least 1); null = unlimited.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(maxUsageLimit)
  usageLimit?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Orders per customer email (at least 1); null = unlimited.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(maxUsageLimit)
  usageLimitPerCustomer?: number | null;
}

@InputType({ description: "Changes to a discount code; absent fields stay as they are." })
export class UpdateDiscountCodeInput {
  @Field(() => ID, { description: "The code to change." })
  id: string;

  @Field(() => Boolean, { nullable: true, description: "Switch it on (true) or off (false)." })
  active?: boolean | null;

  @Field(() => Date, { nullable: true, description: "New end (after startsAt); an explicit null: no end." })
  endsAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: "New limit of orders in all (at least 1); an explicit null: unlimited.",
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(maxUsageLimit)
  usageLimit?: number | null;
}
