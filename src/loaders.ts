import type { PrismaClient } from "./db/prisma-client";
import { createAccountLoaders, type AccountLoaders } from "./modules/account/account.loaders";
import { createCatalogLoaders, type CatalogLoaders } from "./modules/catalog/catalog.loaders";

/**
 * Every DataLoader of every domain. A fresh set is made for each request (never shared
 * across requests or users): batching within a request, no cache beyond it.
 */
export type Loaders = AccountLoaders & CatalogLoaders;

export function createLoaders(prisma: PrismaClient): Loaders {
  return { ...createAccountLoaders(prisma), ...createCatalogLoaders(prisma) };
}
