import { conflict } from "../../graphql/errors";
import { parseMoneyAmount } from "../../graphql/money";
import type { VariantInput } from "./catalog-admin.inputs";

/** A variant ready to insert: price in minor units, position = its place in the input. */
export interface NewVariant {
  sku: string;
  name: string;
  /** A type literal, not the `SelectedOptionValue` interface: Prisma's JSON input needs an index signature. */
  options: { name: string; value: string }[];
  priceAmount: number;
  quantityAvailable: number;
  position: number;
}

/** The field path class-validator uses for the same place (`variants.2.sku`), so errors read alike. */
export function variantField(index: number, field: keyof VariantInput): string {
  return `variants.${index}.${field}`;
}

/**
 * Converts validated variant inputs for storage. A pure rule, checked before any query:
 * @throws BAD_USER_INPUT naming `variants.<i>.price` for a negative price or more than 2 decimals;
 *         CONFLICT naming `variants.<i>.sku` when the input repeats a SKU.
 */
export function toNewVariants(inputs: readonly VariantInput[]): NewVariant[] {
  const firstIndexBySku = new Map<string, number>();
  return inputs.map((input, position) => {
    const earlier = firstIndexBySku.get(input.sku);
    if (earlier !== undefined) {
      throw conflict(
        `SKU "${input.sku}" is given twice (variants ${earlier} and ${position}).`,
        variantField(position, "sku"),
      );
    }
    firstIndexBySku.set(input.sku, position);
    return {
      sku: input.sku,
      name: input.name.trim(),
      options: (input.options ?? []).map((option) => ({
        name: option.name.trim(),
        value: option.value.trim(),
      })),
      priceAmount: parseMoneyAmount(input.price, variantField(position, "price")),
      quantityAvailable: input.quantityAvailable,
      position,
    };
  });
}
