import type { GraphQLResolveInfo } from "graphql";
import { Args, Ctx, FieldResolver, Info, Query, Resolver, ResolverInterface, Root } from "type-graphql";
import type { Context } from "../../context";
import { ConnectionArgs, type Connection } from "../../graphql/connection";
import { validatePageArgs } from "../../graphql/page-args-validation";
import { nodesOfConnection, selectionOf } from "../../graphql/selection";
import { ProductLookupArgs } from "./catalog.inputs";
import { categoryProductsPage } from "./category-products.page";
import { CategoryType } from "./category.type";
import { ProductConnection, toProductConnection } from "./product-connection";
import { selectedProductRelations } from "./product-look-ahead";
import { ProductType } from "./product.type";

/** The fields CategoryResolver resolves on CategoryType: ResolverInterface checks each method against them. */
interface CategoryFields {
  parent: CategoryType | null;
  children: CategoryType[];
  products: Connection<ProductType>;
}

@Resolver(() => CategoryType)
export class CategoryResolver implements ResolverInterface<CategoryType & CategoryFields> {
  @Query(() => [CategoryType], { description: "Root categories." })
  async categories(@Ctx() ctx: Context): Promise<CategoryType[]> {
    return (await ctx.services.catalog.rootCategories(ctx.request)).map((row) => CategoryType.from(row));
  }

  @Query(() => CategoryType, { nullable: true, description: "A category by id or slug." })
  async category(
    @Args(() => ProductLookupArgs) args: ProductLookupArgs,
    @Ctx() ctx: Context,
  ): Promise<CategoryType | null> {
    const row = await ctx.services.catalog.findCategory(ctx.request, args.id, args.slug);
    return row && CategoryType.from(row);
  }

  @FieldResolver(() => CategoryType, { nullable: true, description: "The parent category; null for a root." })
  async parent(@Root() category: CategoryType, @Ctx() ctx: Context): Promise<CategoryType | null> {
    if (!category.parentKey) return null;
    const row = await ctx.loaders.categoryById.load(category.parentKey);
    return row && CategoryType.from(row);
  }

  @FieldResolver(() => [CategoryType], { description: "Direct sub-categories." })
  async children(@Root() category: CategoryType, @Ctx() ctx: Context): Promise<CategoryType[]> {
    return (await ctx.loaders.categoriesByParentId.load(category.key)).map((row) => CategoryType.from(row));
  }

  @FieldResolver(() => ProductConnection, {
    description: "Products in this category and its sub-categories, newest first.",
  })
  async products(
    @Root() category: CategoryType,
    @Args(() => ConnectionArgs, { validateFn: validatePageArgs }) args: ConnectionArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Connection<ProductType>> {
    const relations = selectedProductRelations(ctx, nodesOfConnection(selectionOf(info), "Product"));
    return toProductConnection(
      await categoryProductsPage(ctx, category.key, args, relations),
      ctx.currencyCode,
    );
  }
}
