import type { DirectSql } from "./db/direct-sql";
import type { PrismaClient } from "./db/prisma-client";
import type { LoaderOptions } from "./graphql/loader-options";
import { createAccountLoaders, type AccountLoaders } from "./modules/account/account.loaders";
import { createApiClientLoaders, type ApiClientLoaders } from "./modules/api-client/api-client.loaders";
import { createCartLoaders, type CartLoaders } from "./modules/cart/cart.loaders";
import { createCatalogLoaders, type CatalogLoaders } from "./modules/catalog/catalog.loaders";
import { createDiscountLoaders, type DiscountLoaders } from "./modules/discount/discount.loaders";
import { createOrderLoaders, type OrderLoaders } from "./modules/order/order.loaders";
import { createReviewLoaders, type ReviewLoaders } from "./modules/review/review.loaders";
import { createShippingLoaders, type ShippingLoaders } from "./modules/shipping/shipping.loaders";
import { createTaxLoaders, type TaxLoaders } from "./modules/tax/tax.loaders";

/**
 * Every DataLoader of every domain. A fresh set is made for each request (never shared
 * across requests or users): batching within a request, no cache beyond it.
 */
export type Loaders = AccountLoaders &
  ApiClientLoaders &
  CatalogLoaders &
  CartLoaders &
  DiscountLoaders &
  OrderLoaders &
  ReviewLoaders &
  ShippingLoaders &
  TaxLoaders;

export function createLoaders(prisma: PrismaClient, sql: DirectSql, options: LoaderOptions = {}): Loaders {
  return {
    ...createAccountLoaders(prisma, options),
    ...createApiClientLoaders(prisma, options),
    ...createCatalogLoaders(prisma, sql, options),
    ...createCartLoaders(prisma, options),
    ...createDiscountLoaders(prisma, options),
    ...createOrderLoaders(prisma, options),
    ...createReviewLoaders(prisma, options),
    ...createShippingLoaders(prisma, options),
    ...createTaxLoaders(prisma, options),
  };
}
