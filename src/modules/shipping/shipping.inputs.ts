import {
  ArrayMaxSize,
  ArrayMinSize,
  IsISO31661Alpha2,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
} from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars";

const notBlank = /\S/;
const maxDeliveryDays = 365;

@InputType({ description: "A new shipping zone and the countries it covers." })
export class CreateShippingZoneInput {
  @Field({ description: "Display name, 1 to 100 characters." })
  @Length(1, 100)
  @Matches(notBlank, { message: "name must not be blank" })
  name: string;

  @Field(() => [String], {
    description: "ISO 3166-1 alpha-2 codes, 1 to 250; a country already in another zone is a CONFLICT.",
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(250)
  @IsISO31661Alpha2({
    each: true,
    message: "each of countries must be an ISO 3166-1 alpha-2 code such as DE",
  })
  countries: string[];
}

@InputType({ description: "A new way a zone's orders ship." })
export class CreateShippingMethodInput {
  @Field(() => ID, { description: "The zone it belongs to." })
  zoneId: string;

  @Field({ description: "Display name, 1 to 100 characters, unique within the zone." })
  @Length(1, 100)
  @Matches(notBlank, { message: "name must not be blank" })
  name: string;

  @Field(() => DecimalScalar, { description: 'Price, at least 0 with at most 2 decimals, e.g. "4.99".' })
  price: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Free when the discounted subtotal reaches this; null = never free.",
  })
  freeAbove?: string | null;

  @Field(() => Int, { nullable: true, description: `Fewest days to deliver, 0 to ${maxDeliveryDays}.` })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(maxDeliveryDays)
  minDeliveryDays?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: `Most days to deliver, 0 to ${maxDeliveryDays}, at least minDeliveryDays.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(maxDeliveryDays)
  maxDeliveryDays?: number | null;
}

@InputType({ description: "Changes to a shipping method; absent fields stay as they are." })
export class UpdateShippingMethodInput {
  @Field(() => ID, { description: "The method to change." })
  id: string;

  @Field(() => String, {
    nullable: true,
    description: "New name, 1 to 100 characters, unique within the zone.",
  })
  @IsOptional()
  @Length(1, 100)
  @Matches(notBlank, { message: "name must not be blank" })
  name?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "New price." })
  price?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "New free-shipping threshold; an explicit null makes the method never free.",
  })
  freeAbove?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Offer it at checkout (true) or not (false)." })
  active?: boolean | null;
}
