import { Field, ID, Int, ObjectType } from "type-graphql";
import { toGlobalId } from "../../graphql/global-id";
import { Money } from "../../graphql/money";
import { Node } from "../../graphql/node";
import type { VariantRow } from "./variant-rows";

export interface SelectedOptionValue {
  name: string;
  value: string;
}

@ObjectType("SelectedOption", {
  simpleResolvers: true,
  description: "One option of a variant, e.g. Size: M.",
})
export class SelectedOption {
  @Field({ description: "Option name, e.g. Size." })
  name: string;

  @Field({ description: "Option value, e.g. M." })
  value: string;
}

/** Options are stored as a JSON array; anything else in that column is ignored, not trusted. */
function toSelectedOptions(options: unknown): SelectedOption[] {
  if (!Array.isArray(options)) return [];
  return options
    .filter((o): o is SelectedOptionValue => typeof o?.name === "string" && typeof o?.value === "string")
    .map((o) => Object.assign(new SelectedOption(), { name: o.name, value: o.value }));
}

@ObjectType("ProductVariant", {
  simpleResolvers: true,
  implements: Node,
  description: "A purchasable version of a product (size, colour…).",
})
export class ProductVariantType extends Node {
  /** Database keys, for field resolvers; not part of the schema. */
  key: string;
  productKey: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Stock keeping unit, unique across the shop." })
  sku: string;

  @Field({ description: "Variant name, e.g. Medium / Blue." })
  name: string;

  @Field(() => [SelectedOption], { description: "The options that make this variant." })
  options: SelectedOption[];

  @Field(() => Money, { description: "Current unit price." })
  price: Money;

  @Field(() => Int, { description: "Units that can be ordered now." })
  quantityAvailable: number;

  @Field({ description: "At least one unit can be ordered." })
  inStock: boolean;

  static from(row: VariantRow, currencyCode: string): ProductVariantType {
    return Object.assign(new ProductVariantType(), {
      key: row.id,
      productKey: row.productId,
      id: toGlobalId("ProductVariant", row.id),
      sku: row.sku,
      name: row.name,
      options: toSelectedOptions(row.options),
      price: Money.of(row.priceAmount, currencyCode),
      quantityAvailable: row.quantityAvailable,
      inStock: row.quantityAvailable > 0,
    });
  }
}
