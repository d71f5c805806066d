import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { isUniqueViolation } from "../../db/errors";
import { transactionOf, type Transactions } from "../../db/transactions";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { parseMoneyAmount } from "../../graphql/money";
import { recordCreation, recordUpdate } from "../audit/record-audit";
import { auditedShippingMethod } from "./shipping-audit";
import type {
  CreateShippingMethodInput,
  CreateShippingZoneInput,
  UpdateShippingMethodInput,
} from "./shipping.inputs";
import {
  shippingMethodSelect,
  shippingZoneSelect,
  type ShippingMethodRow,
  type ShippingZoneRow,
} from "./shipping.type";

/** Absent: unchanged (undefined); null: none; else the amount in minor units. */
function optionalAmount(decimal: string | null | undefined, field: string): number | null | undefined {
  return decimal === null || decimal === undefined ? decimal : parseMoneyAmount(decimal, field);
}

/** Staff administration of where the shop ships and how. */
export class ShippingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
  ) {}

  /** Every zone, by name. */
  listShippingZones(_ctx: RequestContext): Promise<ShippingZoneRow[]> {
    return this.prisma.shippingZone.findMany({
      select: shippingZoneSelect,
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
  }

  /**
   * A zone with its countries. A country already in another zone is a CONFLICT naming it,
   * also when a concurrent request claims it first (the country is the table's key).
   */
  async createShippingZone(ctx: RequestContext, input: CreateShippingZoneInput): Promise<ShippingZoneRow> {
    // Sorted: concurrent zones insert shared countries in one order, so they queue instead of deadlocking.
    const countries = [...new Set(input.countries.map((country) => country.toUpperCase()))].sort();
    try {
      return await this.transactions.withTransaction(ctx, async (ctx) => {
        await this.assertCountriesFree(ctx, countries);
        const zone = await transactionOf(ctx).shippingZone.create({
          data: {
            name: input.name.trim(),
            countries: { createMany: { data: countries.map((country) => ({ country })) } },
          },
          select: shippingZoneSelect,
        });
        await recordCreation(
          ctx,
          "shipping_zone.create",
          { type: "ShippingZone", key: zone.id },
          { name: zone.name, countries },
        );
        return zone;
      });
    } catch (error) {
      if (!isUniqueViolation(error, "shipping_zone_countries")) throw error;
      await this.assertCountriesFree(ctx, countries);
      throw conflict("One of these countries was added to another zone meanwhile.", "countries");
    }
  }

  async createShippingMethod(
    ctx: RequestContext,
    input: CreateShippingMethodInput,
  ): Promise<ShippingMethodRow> {
    const zoneId = keyFromGlobalId(input.zoneId, "ShippingZone", "zoneId");
    const priceAmount = parseMoneyAmount(input.price, "price");
    const freeAboveAmount = optionalAmount(input.freeAbove, "freeAbove") ?? null;
    const minDeliveryDays = input.minDeliveryDays ?? null;
    const maxDeliveryDays = input.maxDeliveryDays ?? null;
    if (minDeliveryDays !== null && maxDeliveryDays !== null && maxDeliveryDays < minDeliveryDays)
      throw badUserInput("maxDeliveryDays must be at least minDeliveryDays.", "maxDeliveryDays");
    const name = input.name.trim();
    return this.writeMethod(ctx, name, async (ctx) => {
      const tx = transactionOf(ctx);
      if (!(await tx.shippingZone.findUnique({ where: { id: zoneId }, select: { id: true } })))
        throw badUserInput("zoneId does not exist.", "zoneId");
      const method = await tx.shippingMethod.create({
        data: { zoneId, name, priceAmount, freeAboveAmount, minDeliveryDays, maxDeliveryDays },
        select: shippingMethodSelect,
      });
      await recordCreation(
        ctx,
        "shipping_method.create",
        { type: "ShippingMethod", key: method.id },
        auditedShippingMethod(method),
      );
      return method;
    });
  }

  async updateShippingMethod(
    ctx: RequestContext,
    input: UpdateShippingMethodInput,
  ): Promise<ShippingMethodRow> {
    const id = keyFromGlobalId(input.id, "ShippingMethod", "id");
    const priceAmount = optionalAmount(input.price, "price") ?? undefined;
    const freeAboveAmount = optionalAmount(input.freeAbove, "freeAbove");
    const name = input.name?.trim() ?? undefined;
    return this.writeMethod(ctx, name, async (ctx) => {
      const tx = transactionOf(ctx);
      const before = await tx.shippingMethod.findUnique({ where: { id }, select: shippingMethodSelect });
      if (!before) throw notFound("Shipping method");
      const after = await tx.shippingMethod.update({
        where: { id },
        data: { name, priceAmount, freeAboveAmount, active: input.active ?? undefined },
        select: shippingMethodSelect,
      });
      await recordUpdate(
        ctx,
        "shipping_method.update",
        { type: "ShippingMethod", key: id },
        auditedShippingMethod(before),
        auditedShippingMethod(after),
      );
      return after;
    });
  }

  /**
   * Runs a method write in one transaction. Orders keep a method's name, so a name another
   * method of the zone has (the unique index decides, whatever the race) is a CONFLICT.
   */
  private async writeMethod(
    ctx: RequestContext,
    name: string | undefined,
    write: (ctx: RequestContext) => Promise<ShippingMethodRow>,
  ): Promise<ShippingMethodRow> {
    try {
      return await this.transactions.withTransaction(ctx, write);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`This zone already has a method named "${name}".`, "name");
      throw error;
    }
  }

  /** @throws CONFLICT naming the first country that already belongs to a zone, and that zone. */
  private async assertCountriesFree(ctx: RequestContext, countries: string[]): Promise<void> {
    const claimed = await this.transactions.db(ctx).shippingZoneCountry.findFirst({
      where: { country: { in: countries } },
      select: { country: true, zone: { select: { name: true } } },
      orderBy: { country: "asc" },
    });
    if (claimed)
      throw conflict(
        `${claimed.country} already ships through the zone "${claimed.zone.name}".`,
        "countries",
      );
  }
}
