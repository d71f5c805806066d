import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { groupBy } from "../../graphql/rekey";
import { cartLineSelect, type CartLineRow } from "./cart.type";

export interface CartLoaders {
  linesByCartId: DataLoader<string, CartLineRow[]>;
}

export function createCartLoaders(prisma: PrismaClient, options: LoaderOptions = {}): CartLoaders {
  return {
    linesByCartId: new DataLoader(
      async (cartIds) =>
        groupBy(
          cartIds,
          await prisma.cartLine.findMany({
            where: { cartId: { in: [...cartIds] } },
            select: cartLineSelect,
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          }),
          (line) => line.cartId,
        ),
      options,
    ),
  };
}
