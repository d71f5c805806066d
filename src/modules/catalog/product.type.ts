import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";
import type { ProductRow } from "./product-rows";

@ObjectType("PriceRange", { simpleResolvers: true, description: "Lowest and highest variant price." })
export class PriceRange {
  @Field(() => Money, { description: "Price of the cheapest variant." })
  min: Money;

  @Field(() => Money, { description: "Price of the dearest variant." })
  max: Money;
}

@ObjectType("RatingSummary", { simpleResolvers: true, description: "Aggregate of a product's reviews." })
export class RatingSummary {
  @Field(() => Float, { nullable: true, description: "null when there are no reviews" })
  average: number | null;

  @Field(() => Int, { description: "Number of reviews." })
  count: number;
}

@ObjectType("Product", {
  simpleResolvers: true,
  implements: Node,
  description: "A product in the catalog, sold as one or more variants.",
})
export class ProductType extends Node {
  /** Database keys, for field resolvers; not part of the schema. */
  key: string;
  categoryKey: string | null;
  taxClassKey: string | null;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Display name." })
  name: string;

  @Field({ description: "URL-safe unique name." })
  slug: string;

  @Field({ description: "Plain-text description." })
  description: string;

  @Field(() => [String], { description: "Image URLs, main image first." })
  imageUrls: string[];

  @Field(() => PriceRange, { description: "Lowest and highest variant price." })
  priceRange: PriceRange;

  @Field(() => RatingSummary, { description: "Average rating and number of reviews." })
  rating: RatingSummary;

  @Field(() => Date, {
    nullable: true,
    description: "When staff archived it (hidden from the shop); null while on sale.",
  })
  archivedAt: Date | null;

  @Field({ description: "When it was added to the catalog." })
  createdAt: Date;

  static from(row: ProductRow, currencyCode: string): ProductType {
    return Object.assign(new ProductType(), {
      key: row.id,
      categoryKey: row.categoryId,
      taxClassKey: row.taxClassId,
      id: toGlobalId("Product", row.id),
      name: row.name,
      slug: row.slug,
      description: row.description,
      imageUrls: row.imageUrls,
      priceRange: Object.assign(new PriceRange(), {
        min: Money.of(row.minPriceAmount, currencyCode),
        max: Money.of(row.maxPriceAmount, currencyCode),
      }),
      rating: Object.assign(new RatingSummary(), {
        average: row.ratingCount === 0 ? null : Math.round((row.ratingSum / row.ratingCount) * 100) / 100,
        count: row.ratingCount,
      }),
      archivedAt: row.archivedAt,
      createdAt: row.createdAt,
    });
  }
}
