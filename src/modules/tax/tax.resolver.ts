import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Mutation,
  Query,
  Resolver,
  ResolverInterface,
  Root,
} from "type-graphql";
import type { Context } from "../../context";
import { ProductType } from "../catalog/product.type";
import { CreateTaxClassInput, SetTaxRateInput } from "./tax.inputs";
import { TaxClassType, TaxRateType } from "./tax-class.type";

@Resolver(() => TaxClassType)
export class TaxResolver {
  @Authorized("STAFF", "ADMIN")
  @Query(() => [TaxClassType], { description: "STAFF/ADMIN" })
  async taxClasses(@Ctx() ctx: Context): Promise<TaxClassType[]> {
    return (await ctx.services.taxes.listTaxClasses(ctx.request)).map((row) => TaxClassType.from(row));
  }

  @Authorized("ADMIN")
  @Mutation(() => TaxClassType, { description: "ADMIN" })
  async createTaxClass(
    @Arg("input", () => CreateTaxClassInput, { description: "The new class." }) input: CreateTaxClassInput,
    @Ctx() ctx: Context,
  ): Promise<TaxClassType> {
    return TaxClassType.from(await ctx.services.taxes.createTaxClass(ctx.request, input));
  }

  @Authorized("ADMIN")
  @Mutation(() => TaxClassType, {
    description: "ADMIN. Creates or replaces the rate of a class for a country (and region).",
  })
  async setTaxRate(
    @Arg("input", () => SetTaxRateInput, { description: "The class, where, and the rate." })
    input: SetTaxRateInput,
    @Ctx() ctx: Context,
  ): Promise<TaxClassType> {
    return TaxClassType.from(await ctx.services.taxes.setTaxRate(ctx.request, input));
  }
}

/** The fields TaxClassFieldsResolver resolves on TaxClassType: ResolverInterface checks each method against them. */
interface TaxClassFields {
  rates: TaxRateType[];
}

@Resolver(() => TaxClassType)
export class TaxClassFieldsResolver implements ResolverInterface<TaxClassType & TaxClassFields> {
  @FieldResolver(() => [TaxRateType], { description: "Its rates, by country, the whole country first." })
  async rates(@Root() taxClass: TaxClassType, @Ctx() ctx: Context): Promise<TaxRateType[]> {
    return (await ctx.loaders.taxRatesByClassId.load(taxClass.key)).map((row) => TaxRateType.from(row));
  }
}

/** The fields ProductTaxClassResolver resolves on ProductType. */
interface ProductTaxFields {
  taxClass: TaxClassType | null;
}

@Resolver(() => ProductType)
export class ProductTaxClassResolver implements ResolverInterface<ProductType & ProductTaxFields> {
  @FieldResolver(() => TaxClassType, { nullable: true, description: "null: the shop's default tax class." })
  async taxClass(@Root() product: ProductType, @Ctx() ctx: Context): Promise<TaxClassType | null> {
    if (product.taxClassKey === null) return null;
    const row = await ctx.loaders.taxClassById.load(product.taxClassKey);
    return row && TaxClassType.from(row);
  }
}
