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
import { canSeeShippingMethod } from "./shipping.policy";
import {
  CreateShippingMethodInput,
  CreateShippingZoneInput,
  UpdateShippingMethodInput,
} from "./shipping.inputs";
import { ShippingMethodType, ShippingZoneType } from "./shipping.type";

/** The fields ShippingZoneResolver resolves on ShippingZoneType: ResolverInterface checks each method against them. */
interface ShippingZoneFields {
  countries: string[];
  methods: ShippingMethodType[];
}

@Resolver(() => ShippingZoneType)
export class ShippingZoneResolver implements ResolverInterface<ShippingZoneType & ShippingZoneFields> {
  @Query(() => [ShippingZoneType], { description: "Where the shop ships, and how." })
  async shippingZones(@Ctx() ctx: Context): Promise<ShippingZoneType[]> {
    return (await ctx.services.shipping.listShippingZones(ctx.request)).map((row) =>
      ShippingZoneType.from(row),
    );
  }

  @FieldResolver(() => [String], {
    description: "ISO 3166-1 alpha-2 codes; a country belongs to at most one zone.",
  })
  countries(@Root() zone: ShippingZoneType, @Ctx() ctx: Context): Promise<string[]> {
    return ctx.loaders.countriesByZoneId.load(zone.key);
  }

  @FieldResolver(() => [ShippingMethodType], {
    description: "Its methods, cheapest first (inactive ones only for staff).",
  })
  async methods(@Root() zone: ShippingZoneType, @Ctx() ctx: Context): Promise<ShippingMethodType[]> {
    return (await ctx.loaders.shippingMethodsByZoneId.load(zone.key))
      .filter((row) => canSeeShippingMethod(ctx.request.viewer, row))
      .map((row) => ShippingMethodType.from(row, ctx.currencyCode));
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ShippingZoneType, {
    description: "STAFF/ADMIN. A country already in another zone: CONFLICT.",
  })
  async createShippingZone(
    @Arg("input", () => CreateShippingZoneInput, { description: "The zone and its countries." })
    input: CreateShippingZoneInput,
    @Ctx() ctx: Context,
  ): Promise<ShippingZoneType> {
    return ShippingZoneType.from(await ctx.services.shipping.createShippingZone(ctx.request, input));
  }
}

@Resolver(() => ShippingMethodType)
export class ShippingMethodResolver {
  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ShippingMethodType, { description: "STAFF/ADMIN" })
  async createShippingMethod(
    @Arg("input", () => CreateShippingMethodInput, { description: "The zone, name and price." })
    input: CreateShippingMethodInput,
    @Ctx() ctx: Context,
  ): Promise<ShippingMethodType> {
    return ShippingMethodType.from(
      await ctx.services.shipping.createShippingMethod(ctx.request, input),
      ctx.currencyCode,
    );
  }

  @Authorized("STAFF", "ADMIN")
  @Mutation(() => ShippingMethodType, { description: "STAFF/ADMIN" })
  async updateShippingMethod(
    @Arg("input", () => UpdateShippingMethodInput, { description: "The method and the fields to change." })
    input: UpdateShippingMethodInput,
    @Ctx() ctx: Context,
  ): Promise<ShippingMethodType> {
    return ShippingMethodType.from(
      await ctx.services.shipping.updateShippingMethod(ctx.request, input),
      ctx.currencyCode,
    );
  }
}
