import { composeCatalog } from "./demo-catalog";
import { composeDiscountCodes } from "./demo-discounts";
import { composeOrders } from "./demo-orders";
import { composePeople, demoAccounts } from "./demo-people";
import { composePricing, type DemoPricing, type DemoShippingRates } from "./demo-pricing";
import { composeReviews } from "./demo-reviews";
import type {
  AddressRow,
  CategoryRow,
  DiscountCodeRow,
  OrderLineRow,
  OrderRow,
  ProductRow,
  ReviewRow,
  UserSeed,
  VariantRow,
} from "./demo-rows";
import { createRandom } from "./random";

/** Every row of the demo shop, in an order each table can be inserted in. */
export interface DemoShop extends DemoPricing {
  categories: CategoryRow[];
  products: ProductRow[];
  variants: VariantRow[];
  users: UserSeed[];
  addresses: AddressRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  reviews: ReviewRow[];
  discountCodes: DiscountCodeRow[];
}

export interface DemoShopOptions {
  /** Dates are laid out backwards from here, so a fresh seed always looks recently active. */
  now: Date;
  currencyCode: string;
  /** What the Standard shipping methods charge, and from which subtotal they are free. */
  shipping: DemoShippingRates;
  productCount?: number;
}

/** Fixed: the same seed makes the same shop on every run. */
const contentSeed = 0x0ba2aa2;
/** Ids draw from their own stream, so adding a table to the seed changes no name, price or rating. */
const idSeed = 0x5eed1d5;

/**
 * The denormalised rating columns, as the review service would have left them:
 * average = sum / count, 0 for an unrated product.
 */
export function withRatings(products: readonly ProductRow[], reviews: readonly ReviewRow[]): ProductRow[] {
  const totals = new Map<string, { count: number; sum: number }>();
  for (const review of reviews) {
    const total = totals.get(review.productId) ?? { count: 0, sum: 0 };
    totals.set(review.productId, { count: total.count + 1, sum: total.sum + review.rating });
  }
  return products.map((product) => {
    const { count, sum } = totals.get(product.id) ?? { count: 0, sum: 0 };
    return { ...product, ratingCount: count, ratingSum: sum, ratingAverage: count === 0 ? 0 : sum / count };
  });
}

/**
 * A small, lived-in shop: a category tree with ~200 products, staff and customers, the
 * customers' past orders, and their reviews of what they bought. Pure: no I/O, and the
 * same options give the same rows.
 */
export function composeDemoShop(options: DemoShopOptions): DemoShop {
  const random = createRandom(contentSeed);
  const ids = createRandom(idSeed);
  const { now } = options;
  const catalog = composeCatalog(random, ids, now, options.productCount ?? 200);
  const people = composePeople(random, ids, now);
  const { orders, lines, purchases } = composeOrders(
    random,
    ids,
    now,
    people.customers,
    catalog,
    options.currencyCode,
  );
  const demoCustomerIds = people.customers
    .filter((customer) => customer.user.email === demoAccounts.customer.email)
    .map((customer) => customer.user.id);
  const reviews = composeReviews(random, ids, now, purchases, {
    reviewChance: 0.85,
    hesitant: new Set(demoCustomerIds),
    hesitantReviewChance: 0.4,
  });
  // Last, so their ids come after every other table's and change none of them.
  const pricing = composePricing(ids, now, options.shipping, catalog);
  const discountCodes = composeDiscountCodes(ids, now);
  return {
    ...pricing,
    categories: catalog.categories,
    products: withRatings(catalog.products, reviews),
    variants: catalog.variants,
    users: people.users,
    addresses: people.addresses,
    orders,
    orderLines: lines,
    reviews,
    discountCodes,
  };
}
