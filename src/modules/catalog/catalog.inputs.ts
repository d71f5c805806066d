import { IsOptional, MaxLength } from "class-validator";
import { ArgsType, Field, ID, InputType, registerEnumType } from "type-graphql";
import { ConnectionArgs } from "../../graphql/connection";
import { DecimalScalar } from "../../graphql/scalars";
import { ProductOrdering } from "./product-ordering";

registerEnumType(ProductOrdering, {
  name: "ProductSort",
  description: "Orderings of a product list. RELEVANCE (the default with `search`) ranks full-text matches.",
  valuesConfig: {
    NEWEST: { description: "Most recently added first." },
    PRICE_ASC: { description: "Cheapest first (by the cheapest variant)." },
    PRICE_DESC: { description: "Dearest first (by the cheapest variant)." },
    NAME_ASC: { description: "By name, A to Z." },
    RATING_DESC: { description: "Best average rating first." },
    RELEVANCE: {
      description:
        "Best full-text match first, among the first matches in the catalog's storage order (roughly the oldest products; 500 unless the shop sets another number): the list ends there, and a better match beyond them is not listed. Only with `search`; any other order lists every match.",
    },
  },
});

@InputType({ description: "Narrows a product list; all conditions must hold." })
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: "Only products in this category." })
  categoryId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: "includes products of sub-categories",
  })
  includeSubcategories?: boolean | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Only products whose price (cheapest variant) is at least this.",
  })
  minPrice?: string | null;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: "Only products whose price (cheapest variant) is at most this.",
  })
  maxPrice?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: "true: only products that can be ordered now; false: only sold-out ones.",
  })
  inStock?: boolean | null;
}

@ArgsType()
export class ProductsArgs extends ConnectionArgs {
  @Field(() => ProductFilter, { nullable: true, description: "Conditions every listed product meets." })
  filter?: ProductFilter | null;

  @Field(() => String, {
    nullable: true,
    description: "Full-text search over name and description (web-search syntax).",
  })
  @IsOptional()
  @MaxLength(200, { message: "search must be at most 200 characters" })
  search?: string | null;

  @Field(() => ProductOrdering, {
    nullable: true,
    description: "Default: RELEVANCE with `search`, else NEWEST.",
  })
  sortBy?: ProductOrdering | null;
}

@ArgsType()
export class ProductLookupArgs {
  @Field(() => ID, { nullable: true, description: "Its global id (give id or slug)." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "Its URL-safe unique name (give id or slug)." })
  @IsOptional()
  @MaxLength(200)
  slug?: string | null;
}
