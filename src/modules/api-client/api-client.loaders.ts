import DataLoader from "dataloader";
import type { PrismaClient } from "../../db/prisma-client";
import type { LoaderOptions } from "../../graphql/loader-options";
import { keyBy } from "../../graphql/rekey";
import { apiClientSelect, type ApiClientRow } from "./api-client.type";

export interface ApiClientLoaders {
  apiClientById: DataLoader<string, ApiClientRow | null>;
}

export function createApiClientLoaders(prisma: PrismaClient, options: LoaderOptions = {}): ApiClientLoaders {
  return {
    apiClientById: new DataLoader(
      async (ids) =>
        keyBy(
          ids,
          await prisma.apiClient.findMany({ where: { id: { in: [...ids] } }, select: apiClientSelect }),
          (row) => row.id,
        ),
      options,
    ),
  };
}
