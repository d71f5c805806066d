import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy, keyBy } from "../../graphql/rekey";
import {
  taxClassSelect,
  taxRateOrder,
  taxRateSelect,
  type TaxClassRow,
  type TaxRateRow,
} from "./tax-class.type";

export interface TaxLoaders {
  taxClassById: DataLoader<string, TaxClassRow | null>;
  taxRatesByClassId: DataLoader<string, TaxRateRow[]>;
}

export function createTaxLoaders(prisma: PrismaClient, options: LoaderOptions = {}): TaxLoaders {
  return {
    taxClassById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.taxClass.findMany({ where: { id: { in: [...ids] } }, select: taxClassSelect }),
          (row) => row.id,
        ),
      options,
    ),
    taxRatesByClassId: new DataLoader(
      async (classIds) =>
        groupBy(
          classIds,
          await prisma.taxRate.findMany({
            where: { taxClassId: { in: [...classIds] } },
            select: taxRateSelect,
            orderBy: taxRateOrder,
          }),
          (row) => row.taxClassId,
        ),
      options,
    ),
  };
}
