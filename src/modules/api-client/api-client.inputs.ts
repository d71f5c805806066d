import { ArrayMaxSize, IsOptional, Length, Matches } from "class-validator";
import { Field, InputType } from "type-graphql";
import { Role } from "../../generated/prisma/enums";

@InputType({ description: "A new API client." })
export class CreateApiClientInput {
  @Field({
    description: "What the client is, for people: 1 to 100 characters, e.g. Storefront (production).",
  })
  @Length(1, 100)
  @Matches(/\S/, { message: "name must not be blank" })
  name: string;

  @Field(() => [Role], {
    nullable: true,
    defaultValue: [],
    description:
      "STAFF and/or ADMIN; empty: storefront rights only. CUSTOMER is refused: a customer's rights come with a buyer's session.",
  })
  @IsOptional()
  @ArrayMaxSize(3)
  roles?: Role[] | null;
}
