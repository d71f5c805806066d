import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { keyBy } from "../../graphql/rekey";
import { discountCodeSelect, type DiscountCodeRow } from "./discount-code.type";

export interface DiscountLoaders {
  discountCodeById: DataLoader<string, DiscountCodeRow | null>;
}

export function createDiscountLoaders(prisma: PrismaClient, options: LoaderOptions = {}): DiscountLoaders {
  return {
    discountCodeById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.discountCode.findMany({ where: { id: { in: [...ids] } }, select: discountCodeSelect }),
          (row) => row.id,
        ),
      options,
    ),
  };
}
