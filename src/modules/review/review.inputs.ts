import { IsInt, Length, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";

const notBlank = /\S/;

export const reviewLimits = {
  titleMaxLength: 120,
  bodyMaxLength: 5000,
} as const;

@InputType({ description: "A rating and review of a product the viewer bought." })
export class AddReviewInput {
  @Field(() => ID, { description: "The product to review." })
  @MaxLength(200, { message: "productId is not a valid Product id" })
  productId: string;

  @Field(() => Int, { description: "1 to 5 stars." })
  @IsInt({ message: "rating must be a whole number of stars" })
  @Min(1, { message: "rating must be between 1 and 5" })
  @Max(5, { message: "rating must be between 1 and 5" })
  rating: number;

  @Field({ description: `Headline, 1 to ${reviewLimits.titleMaxLength} characters, not blank.` })
  @Length(1, reviewLimits.titleMaxLength, {
    message: `title must be 1 to ${reviewLimits.titleMaxLength} characters`,
  })
  @Matches(notBlank, { message: "title must not be blank" })
  title: string;

  @Field({ description: `Review text, 1 to ${reviewLimits.bodyMaxLength} characters, not blank.` })
  @Length(1, reviewLimits.bodyMaxLength, {
    message: `body must be 1 to ${reviewLimits.bodyMaxLength} characters`,
  })
  @Matches(notBlank, { message: "body must not be blank" })
  body: string;
}
