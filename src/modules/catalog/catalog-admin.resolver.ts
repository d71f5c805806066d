import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import { CreateCategoryInput, CreateProductInput, UpdateProductInput, UpdateVariantInput } from "./catalog-admin.inputs";
import { CategoryType } from "./category.type";
import { ProductType } from "./product.type";
import { ProductVariantType } from "./variant.type";

/** Staff catalog writes. Rules and transactions live in CatalogAdminService. */
@Resolver()
export class CatalogAdminResolver {
  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, { description: "STAFF/ADMIN. Creates a product with its variants; the slug is generated from the name when absent." })
  async createProduct(
    @Arg("input", () => CreateProductInput, { description: "The product and its variants." }) input: CreateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    return ProductType.from(await ctx.services.catalogAdmin.createProduct(ctx, input), ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, { description: "STAFF/ADMIN. Changes a product's name, description, images or category." })
  async updateProduct(
    @Arg("input", () => UpdateProductInput, { description: "The product and the fields to change." }) input: UpdateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    return ProductType.from(await ctx.services.catalogAdmin.updateProduct(ctx, input), ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, { description: "STAFF/ADMIN. Hides a product from the shop; archiving an archived product changes nothing." })
  async archiveProduct(
    @Arg("id", () => ID, { description: "The product to archive." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    return ProductType.from(await ctx.services.catalogAdmin.archiveProduct(ctx, id), ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductVariantType, { description: "STAFF/ADMIN. Changes a variant's price, stock or name." })
  async updateVariant(
    @Arg("input", () => UpdateVariantInput, { description: "The variant and the fields to change." }) input: UpdateVariantInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantType> {
    return ProductVariantType.from(await ctx.services.catalogAdmin.updateVariant(ctx, input), ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => CategoryType, { description: "STAFF/ADMIN. Creates a category, at the root or under a parent (at most 5 levels deep)." })
  async createCategory(
    @Arg("input", () => CreateCategoryInput, { description: "The new category." }) input: CreateCategoryInput,
    @Ctx() ctx: Context,
  ): Promise<CategoryType> {
    return CategoryType.from(await ctx.services.catalogAdmin.createCategory(ctx, input));
  }
}
