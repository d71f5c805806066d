import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy, keyBy } from "../../graphql/rekey";
import {
  shippingMethodOrder,
  shippingMethodSelect,
  shippingZoneSelect,
  type ShippingMethodRow,
  type ShippingZoneRow,
} from "./shipping.type";

export interface ShippingLoaders {
  shippingZoneById: DataLoader<string, ShippingZoneRow | null>;
  shippingMethodById: DataLoader<string, ShippingMethodRow | null>;
  countriesByZoneId: DataLoader<string, string[]>;
  shippingMethodsByZoneId: DataLoader<string, ShippingMethodRow[]>;
}

export function createShippingLoaders(prisma: PrismaClient, options: LoaderOptions = {}): ShippingLoaders {
  return {
    shippingZoneById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.shippingZone.findMany({ where: { id: { in: [...ids] } }, select: shippingZoneSelect }),
          (row) => row.id,
        ),
      options,
    ),
    shippingMethodById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.shippingMethod.findMany({
            where: { id: { in: [...ids] } },
            select: shippingMethodSelect,
          }),
          (row) => row.id,
        ),
      options,
    ),
    countriesByZoneId: new DataLoader(async (zoneIds) => {
      const rows = await prisma.shippingZoneCountry.findMany({
        where: { zoneId: { in: [...zoneIds] } },
        orderBy: { country: "asc" },
      });
      return groupBy(zoneIds, rows, (row) => row.zoneId).map((group) => group.map((row) => row.country));
    }, options),
    shippingMethodsByZoneId: new DataLoader(
      async (zoneIds) =>
        groupBy(
          zoneIds,
          await prisma.shippingMethod.findMany({
            where: { zoneId: { in: [...zoneIds] } },
            select: shippingMethodSelect,
            orderBy: shippingMethodOrder,
          }),
          (row) => row.zoneId,
        ),
      options,
    ),
  };
}
