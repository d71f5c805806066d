import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from "class-validator";
import { Field, ID, InputType, Int } from "type-graphql";
import { DecimalScalar } from "../../graphql/scalars";
import { slugMaxLength, slugPattern } from "./slug";

/**
 * Staff inputs of the catalog. Shapes and bounds are checked here (class-validator, before
 * the resolver runs); prices are checked by the service, which converts them to minor
 * units with `parseMoneyAmount` anyway; uniqueness and existence need the database.
 */

const notBlank = /\S/;
const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const imageUrlOptions = { protocols: ["http", "https"], require_protocol: true };
export const maxStockPerVariant = 1_000_000;

@InputType({ description: "One option of a new variant, e.g. Size: M." })
export class SelectedOptionInput {
  @Field({ description: "Option name, 1 to 50 characters, e.g. Size." })
  @Length(1, 50)
  @Matches(notBlank, { message: "option name must not be blank" })
  name: string;

  @Field({ description: "Option value, 1 to 50 characters, e.g. M." })
  @Length(1, 50)
  @Matches(notBlank, { message: "option value must not be blank" })
  value: string;
}

@InputType({ description: "A variant of a new product." })
export class VariantInput {
  @Field({
    description: "Stock keeping unit, unique across the shop: letters, digits, `.`, `_`, `-`; at most 64.",
  })
  @Matches(skuPattern, {
    message: "sku must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
  })
  sku: string;

  @Field({ description: "Variant name, 1 to 200 characters, e.g. Medium / Blue." })
  @Length(1, 200)
  @Matches(notBlank, { message: "variant name must not be blank" })
  name: string;

  @Field(() => [SelectedOptionInput], {
    nullable: true,
    defaultValue: [],
    description: "The options that make this variant, at most 20.",
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  options?: SelectedOptionInput[] | null;

  @Field(() => DecimalScalar, {
    description: 'Unit price, at least 0 with at most 2 decimals, e.g. "19.99".',
  })
  price: string;

  @Field(() => Int, { description: `Units that can be ordered, 0 to ${maxStockPerVariant}.` })
  @IsInt()
  @Min(0)
  @Max(maxStockPerVariant)
  quantityAvailable: number;
}

/** What every new catalog entry is created with: a display name and an optional slug. */
@InputType()
abstract class NewCatalogEntryInput {
  @Field({ description: "Display name, 1 to 200 characters." })
  @Length(1, 200)
  @Matches(notBlank, { message: "name must not be blank" })
  name: string;

  @Field(() => String, {
    nullable: true,
    description:
      "URL-safe unique name (lower-case words joined by dashes, at most 100); generated from the name when absent.",
  })
  @IsOptional()
  @MaxLength(slugMaxLength)
  @Matches(slugPattern, {
    message: "slug must be lower-case letters and digits joined by single dashes, e.g. blue-t-shirt",
  })
  slug?: string | null;
}

@InputType({ description: "A new product with its variants." })
export class CreateProductInput extends NewCatalogEntryInput {
  @Field({ description: "Plain-text description, at most 5000 characters." })
  @MaxLength(5000)
  description: string;

  @Field(() => [String], {
    nullable: true,
    defaultValue: [],
    description: "Image URLs (http or https), main image first; at most 10.",
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(2048, { each: true })
  @IsUrl(imageUrlOptions, { each: true, message: "each of imageUrls must be an http(s) URL" })
  imageUrls?: string[] | null;

  @Field(() => ID, { nullable: true, description: "The category to list it in; none when absent." })
  categoryId?: string | null;

  @Field(() => ID, { nullable: true, description: "Its tax class; the shop's default class when absent." })
  taxClassId?: string | null;

  @Field(() => [VariantInput], { description: "Its variants, 1 to 100, in display order." })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  variants: VariantInput[];
}

@InputType({
  description:
    "Changes to a product; absent fields stay as they are. The slug never changes (it is in links).",
})
export class UpdateProductInput {
  @Field(() => ID, { description: "The product to change." })
  id: string;

  @Field(() => String, { nullable: true, description: "New display name, 1 to 200 characters." })
  @IsOptional()
  @Length(1, 200)
  @Matches(notBlank, { message: "name must not be blank" })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "New description, at most 5000 characters." })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: "Replaces all image URLs (http or https, at most 10).",
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @MaxLength(2048, { each: true })
  @IsUrl(imageUrlOptions, { each: true, message: "each of imageUrls must be an http(s) URL" })
  imageUrls?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: "New category; an explicit null takes it out of its category.",
  })
  categoryId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "New tax class; an explicit null puts it back on the shop's default class.",
  })
  taxClassId?: string | null;
}

@InputType({ description: "Changes to a variant's price, stock or name; absent fields stay as they are." })
export class UpdateVariantInput {
  @Field(() => ID, { description: "The variant to change." })
  id: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'New unit price, at least 0 with at most 2 decimals, e.g. "19.99".',
  })
  price?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `New number of units that can be ordered, 0 to ${maxStockPerVariant}.`,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(maxStockPerVariant)
  quantityAvailable?: number | null;

  @Field(() => String, { nullable: true, description: "New variant name, 1 to 200 characters." })
  @IsOptional()
  @Length(1, 200)
  @Matches(notBlank, { message: "name must not be blank" })
  name?: string | null;
}

@InputType({ description: "A new category, at the root or under a parent (at most 5 levels deep)." })
export class CreateCategoryInput extends NewCatalogEntryInput {
  @Field(() => ID, { nullable: true, description: "The parent category; a root category when absent." })
  parentId?: string | null;
}
