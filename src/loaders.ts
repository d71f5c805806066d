import type { PrismaClient } from "./db/prisma-client";
import { createAccountLoaders, type AccountLoaders } from "./modules/account/account.loaders";

/**
 * Every DataLoader of every domain. A fresh set is made for each request (never shared
 * across requests or users): batching within a request, no cache beyond it.
 */
export type Loaders = AccountLoaders;

export function createLoaders(prisma: PrismaClient): Loaders {
  return { ...createAccountLoaders(prisma) };
}
