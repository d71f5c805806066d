import { Ctx, FieldResolver, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import { ProductType } from "./product.type";
import { ProductVariantType } from "./variant.type";

/** The fields VariantResolver resolves on ProductVariantType: ResolverInterface checks each method against them. */
interface VariantFields {
  product: ProductType;
}

@Resolver(() => ProductVariantType)
export class VariantResolver implements ResolverInterface<ProductVariantType & VariantFields> {
  @FieldResolver(() => ProductType, { description: "The product this is a variant of." })
  async product(@Root() variant: ProductVariantType, @Ctx() ctx: Context): Promise<ProductType> {
    const row = await ctx.loaders.productById.load(variant.productKey);
    // A variant's product always exists (foreign key, cascade delete).
    return ProductType.from(row!, ctx.currencyCode);
  }
}
