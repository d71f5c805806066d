import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { Context } from "../../context";
import {
  CreateCategoryInput,
  CreateProductInput,
  UpdateProductInput,
  UpdateVariantInput,
} from "./catalog-admin.inputs";
import { forgetCategory, forgetProduct, forgetVariant } from "./catalog-loader-cache";
import { CategoryType } from "./category.type";
import { ProductType } from "./product.type";
import { ProductVariantType } from "./variant.type";

/** Staff catalog writes. Rules and transactions live in CatalogAdminService. */
@Resolver()
export class CatalogAdminResolver {
  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, {
    description:
      "STAFF/ADMIN. Creates a product with its variants; the slug is generated from the name when absent.",
  })
  async createProduct(
    @Arg("input", () => CreateProductInput, { description: "The product and its variants." })
    input: CreateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    const row = await ctx.services.catalogAdmin.createProduct(ctx.request, input);
    forgetProduct(ctx.loaders, row);
    return ProductType.from(row, ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, {
    description: "STAFF/ADMIN. Changes a product's name, description, images, category or tax class.",
  })
  async updateProduct(
    @Arg("input", () => UpdateProductInput, { description: "The product and the fields to change." })
    input: UpdateProductInput,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    const row = await ctx.services.catalogAdmin.updateProduct(ctx.request, input);
    forgetProduct(ctx.loaders, row);
    return ProductType.from(row, ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductType, {
    description: "STAFF/ADMIN. Hides a product from the shop; archiving an archived product changes nothing.",
  })
  async archiveProduct(
    @Arg("id", () => ID, { description: "The product to archive." }) id: string,
    @Ctx() ctx: Context,
  ): Promise<ProductType> {
    const row = await ctx.services.catalogAdmin.archiveProduct(ctx.request, id);
    forgetProduct(ctx.loaders, row);
    return ProductType.from(row, ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ProductVariantType, {
    description: "STAFF/ADMIN. Changes a variant's price, stock or name.",
  })
  async updateVariant(
    @Arg("input", () => UpdateVariantInput, { description: "The variant and the fields to change." })
    input: UpdateVariantInput,
    @Ctx() ctx: Context,
  ): Promise<ProductVariantType> {
    const row = await ctx.services.catalogAdmin.updateVariant(ctx.request, input);
    forgetVariant(ctx.loaders, row);
    return ProductVariantType.from(row, ctx.currencyCode);
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => CategoryType, {
    description: "STAFF/ADMIN. Creates a category, at the root or under a parent (at most 5 levels deep).",
  })
  async createCategory(
    @Arg("input", () => CreateCategoryInput, { description: "The new category." }) input: CreateCategoryInput,
    @Ctx() ctx: Context,
  ): Promise<CategoryType> {
    const row = await ctx.services.catalogAdmin.createCategory(ctx.request, input);
    forgetCategory(ctx.loaders, row);
    return CategoryType.from(row);
  }
}
