import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Query, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import type { Connection } from "../../graphql/connection";
import { CategoryType } from "./category.type";
import { ProductLookupArgs, ProductsArgs } from "./catalog.inputs";
import { ProductConnection, toProductConnection } from "./product-connection";
import { nodesOfConnection, selectionOf } from "../../graphql/selection";
import { primeProductPage, selectedProductRelations } from "./product-look-ahead";
import { findVisibleProduct } from "./product-lookup";
import { ProductType } from "./product.type";
import { ProductVariantType } from "./variant.type";

/** The fields ProductResolver resolves on ProductType: ResolverInterface checks each method against them. */
interface ProductFields {
  category: CategoryType | null;
  variants: ProductVariantType[];
}

@Resolver(() => ProductType)
export class ProductResolver implements ResolverInterface<ProductType & ProductFields> {
  @Query(() => ProductConnection, {
    description: "Full-text `search` over name and description; `first` at most 100.",
  })
  async products(
    @Args(() => ProductsArgs) args: ProductsArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ProductType>> {
    const relations = selectedProductRelations(ctx, nodesOfConnection(selectionOf(info), "Product"));
    const page = await ctx.services.catalog.listProducts(ctx.request, args, relations);
    return toProductConnection(primeProductPage(ctx, page, relations), ctx.currencyCode);
  }

  @Query(() => ProductType, {
    nullable: true,
    description: "A product by id or slug; null when absent or archived.",
  })
  async product(
    @Args(() => ProductLookupArgs) args: ProductLookupArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ProductType | null> {
    const selection = selectionOf(info);
    const relations = selectedProductRelations(ctx, selection ? [selection] : []);
    const row = await findVisibleProduct(ctx, args.id, args.slug, relations);
    return row && ProductType.from(row, ctx.currencyCode);
  }

  @FieldResolver(() => CategoryType, { nullable: true, description: "The category it is listed in." })
  async category(@Root() product: ProductType, @Ctx() ctx: Context): Promise<CategoryType | null> {
    if (!product.categoryKey) return null;
    const row = await ctx.loaders.categoryById.load(product.categoryKey);
    return row && CategoryType.from(row);
  }

  @FieldResolver(() => [ProductVariantType], { description: "Variants in display order." })
  async variants(@Root() product: ProductType, @Ctx() ctx: Context): Promise<ProductVariantType[]> {
    const rows = await ctx.loaders.variantsByProductId.load(product.key);
    return rows.map((row) => ProductVariantType.from(row, ctx.currencyCode));
  }
}
