import { Field, ID, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";
import { DecimalScalar } from "../../graphql/scalars";
import { formatPercent } from "../pricing/percent";

export const taxClassSelect = {
  id: true,
  name: true,
  isDefault: true,
} as const satisfies Prisma.TaxClassSelect;
export type TaxClassRow = Prisma.TaxClassGetPayload<{ select: typeof taxClassSelect }>;

export const taxRateSelect = {
  taxClassId: true,
  country: true,
  region: true,
  rateBasisPoints: true,
} as const satisfies Prisma.TaxRateSelect;
export type TaxRateRow = Prisma.TaxRateGetPayload<{ select: typeof taxRateSelect }>;

/** Countries first, then the whole country before its regions. */
export const taxRateOrder = [
  { country: "asc" as const },
  { region: { sort: "asc" as const, nulls: "first" as const } },
];

@ObjectType("TaxRate", { simpleResolvers: true, description: "A tax class's rate in a country or region." })
export class TaxRateType {
  @Field({ description: "ISO 3166-1 alpha-2" })
  country: string;

  @Field(() => String, {
    nullable: true,
    description: "null: the whole country (a region's own rate wins over it)",
  })
  region: string | null;

  @Field(() => DecimalScalar, { description: 'Percent, e.g. "19.00".' })
  rate: string;

  static from(row: TaxRateRow): TaxRateType {
    return Object.assign(new TaxRateType(), {
      country: row.country,
      region: row.region,
      rate: formatPercent(row.rateBasisPoints),
    });
  }
}

@ObjectType("TaxClass", {
  simpleResolvers: true,
  implements: Node,
  description: "How products are taxed, with a rate per country (and region).",
})
export class TaxClassType extends Node {
  /** Database key, for the `rates` field; not part of the schema. */
  key: string;

  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({ description: "Unique name, e.g. Reduced." })
  name: string;

  @Field({ description: "Products without a class use the default class; so does shipping." })
  isDefault: boolean;

  static from(row: TaxClassRow): TaxClassType {
    return Object.assign(new TaxClassType(), {
      key: row.id,
      id: toGlobalId("TaxClass", row.id),
      name: row.name,
      isDefault: row.isDefault,
    });
  }
}
