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

/**
 * Makes each request's loaders. A domain's loaders are created when one of them is first
 * read: a request reads one or two domains, and creating all of them up front cost ~32 µs
 * per request (more than a sixth of `{ __typename }`'s whole CPU) plus their garbage. The
 * keys of each domain are read once, here, from a first set (constructors only: no query).
 */
export function loadersFactory(
  prisma: PrismaClient,
  sql: DirectSql,
  options: LoaderOptions = {},
): () => Loaders {
  const domains: (() => Partial<Loaders>)[] = [
    () => createAccountLoaders(prisma, options),
    () => createApiClientLoaders(prisma, options),
    () => createCatalogLoaders(prisma, sql, options),
    () => createCartLoaders(prisma, options),
    () => createDiscountLoaders(prisma, options),
    () => createOrderLoaders(prisma, options),
    () => createReviewLoaders(prisma, options),
    () => createShippingLoaders(prisma, options),
    () => createTaxLoaders(prisma, options),
  ];
  const lazy: object = {};
  for (const create of domains) {
    for (const key of Object.keys(create())) {
      Object.defineProperty(lazy, key, {
        get(this: object) {
          // The domain's loaders become the request's own properties: read once, kept.
          const made = create();
          for (const [name, loader] of Object.entries(made))
            Object.defineProperty(this, name, { value: loader, enumerable: true });
          return made[key as keyof Loaders];
        },
      });
    }
  }
  return () => Object.create(lazy) as Loaders;
}
