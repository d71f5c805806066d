import { IsISO31661Alpha2, IsOptional, Length, Matches } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars";

const notBlank = /\S/;

@InputType({ description: "A new tax class." })
export class CreateTaxClassInput {
  @Field({ description: "Unique name, 1 to 100 characters, e.g. Reduced." })
  @Length(1, 100)
  @Matches(notBlank, { message: "name must not be blank" })
  name: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Make it the default class (the previous default stops being one).",
  })
  isDefault?: boolean | null;
}

@InputType({ description: "A tax class's rate for a country, or for one region of it." })
export class SetTaxRateInput {
  @Field(() => ID, { description: "The tax class." })
  taxClassId: string;

  @Field({ description: "ISO 3166-1 alpha-2, e.g. DE." })
  @IsISO31661Alpha2({ message: "country must be an ISO 3166-1 alpha-2 code such as DE" })
  country: string;

  @Field(() => String, {
    nullable: true,
    description:
      "A region of the country (e.g. a US state: CA), 1 to 50 characters; null: the whole country.",
  })
  @IsOptional()
  @Length(1, 50)
  @Matches(notBlank, { message: "region must not be blank" })
  region?: string | null;

  @Field(() => DecimalScalar, {
    description: 'Percent, 0 to 100 with at most 2 decimals, e.g. "19" or "5.5".',
  })
  rate: string;
}
