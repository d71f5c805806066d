import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy, keyBy } from "../../graphql/rekey";
import type { AddressRow } from "./address.type";
import { userSelect, type UserRow } from "./user.type";

export interface AccountLoaders {
  userById: DataLoader<string, UserRow | null>;
  addressById: DataLoader<string, AddressRow | null>;
  addressesByUserId: DataLoader<string, AddressRow[]>;
}

export function createAccountLoaders(prisma: PrismaClient, options: LoaderOptions = {}): AccountLoaders {
  return {
    userById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.user.findMany({ where: { id: { in: [...ids] } }, select: userSelect }),
          (u) => u.id,
        ),
      options,
    ),
    addressById: new DataLoader(
      async (ids) =>
        keyBy(ids, await prisma.address.findMany({ where: { id: { in: [...ids] } } }), (a) => a.id),
      options,
    ),
    addressesByUserId: new DataLoader(
      async (userIds) =>
        groupBy(
          userIds,
          await prisma.address.findMany({
            where: { userId: { in: [...userIds] } },
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          }),
          (a) => a.userId,
        ),
      options,
    ),
  };
}
