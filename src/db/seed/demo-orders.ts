import { shippingPrice } from "../../modules/pricing/shipping-rates";
import type { DemoShippingRates } from "./demo-pricing";
import type { DemoCatalog } from "./demo-catalog";
import type { DemoCustomer } from "./demo-people";
import type { OrderLineRow, OrderRow, ProductRow, VariantRow } from "./demo-rows";
import type { Random } from "./random";

/** A product a customer bought, first on `purchasedAt`: what entitles them to review it. */
export interface Purchase {
  customer: DemoCustomer;
  productId: string;
  purchasedAt: Date;
}

export interface DemoOrders {
  /** Oldest first, so the order numbers the database assigns rise with time. */
  orders: OrderRow[];
  lines: OrderLineRow[];
  purchases: Purchase[];
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** The shipping rule the demo's past orders were charged: a flat fee, waived from a threshold, in cents. */
export const demoOrderShipping: DemoShippingRates = { flatRateAmount: 599, freeThresholdAmount: 7_500 };
/** Orders older than this have shipped; newer ones are paid and waiting. */
const fulfilmentDays = 6;
const orderCountRange = [10, 15] as const;
const lineCountWeights = [30, 30, 25, 15];
const quantityWeights = [75, 18, 7];

function shippingFor(subtotalAmount: number): number {
  return shippingPrice(
    { priceAmount: demoOrderShipping.flatRateAmount, freeAboveAmount: demoOrderShipping.freeThresholdAmount },
    subtotalAmount,
    false,
  );
}

/** Recent days are busier than old ones: the square skews ages towards zero. */
function orderTime(random: Random, now: Date, oldest: Date): Date {
  const span = Math.max(now.getTime() - 2 * hourMs - oldest.getTime(), 0);
  return new Date(now.getTime() - 2 * hourMs - Math.floor(random.next() ** 2 * span));
}

function chooseProducts(
  random: Random,
  available: readonly ProductRow[],
  bought: ReadonlySet<string>,
): ProductRow[] {
  const count = random.weighted(lineCountWeights) + 1;
  // Mostly new things, so each customer ends up with many products they may review.
  const fresh = available.filter((product) => !bought.has(product.id));
  return random.sample(fresh.length > 0 ? fresh : available, count);
}

function composeOrder(
  random: Random,
  ids: Random,
  now: Date,
  customer: DemoCustomer,
  orderedAt: Date,
  items: Array<{ product: ProductRow; variant: VariantRow }>,
  currencyCode: string,
): { order: OrderRow; lines: OrderLineRow[] } {
  const orderId = ids.uuid();
  const lines = items.map(({ product, variant }, position): OrderLineRow => {
    const quantity = random.weighted(quantityWeights) + 1;
    return {
      id: ids.uuid(),
      orderId,
      variantId: variant.id,
      productId: product.id,
      productName: product.name,
      sku: variant.sku,
      quantity,
      unitPriceAmount: variant.priceAmount,
      lineTotalAmount: variant.priceAmount * quantity,
      position,
    };
  });
  const subtotalAmount = lines.reduce((sum, line) => sum + line.lineTotalAmount, 0);
  const shippingAmount = shippingFor(subtotalAmount);
  const fulfilled = now.getTime() - orderedAt.getTime() > fulfilmentDays * dayMs;
  const updatedAt = fulfilled
    ? new Date(orderedAt.getTime() + random.int(1, 3) * dayMs)
    : new Date(orderedAt.getTime() + 60_000);
  const order: OrderRow = {
    id: orderId,
    status: fulfilled ? "FULFILLED" : "PAID",
    email: customer.user.email,
    userId: customer.user.id,
    currencyCode,
    subtotalAmount,
    shippingAmount,
    totalAmount: subtotalAmount + shippingAmount,
    shippingAddress: customer.shippingAddress,
    createdAt: orderedAt,
    updatedAt,
  };
  return { order, lines };
}

/**
 * A few paid or fulfilled orders per customer, each for products already in the catalog
 * when it was placed, priced as the catalog prices them now.
 */
export function composeOrders(
  random: Random,
  ids: Random,
  now: Date,
  customers: readonly DemoCustomer[],
  catalog: DemoCatalog,
  currencyCode: string,
): DemoOrders {
  const variantsByProduct = new Map<string, VariantRow[]>();
  for (const variant of catalog.variants) {
    variantsByProduct.set(variant.productId, [...(variantsByProduct.get(variant.productId) ?? []), variant]);
  }
  const placed: Array<{ order: OrderRow; lines: OrderLineRow[] }> = [];
  const purchases: Purchase[] = [];
  for (const customer of customers) {
    const firstPurchase = new Map<string, Date>();
    const orderCount = random.int(orderCountRange[0], orderCountRange[1]);
    for (let n = 0; n < orderCount; n++) {
      const orderedAt = orderTime(random, now, customer.user.createdAt);
      const available = catalog.products.filter(
        (product) => product.createdAt.getTime() < orderedAt.getTime() - hourMs,
      );
      if (available.length === 0) continue;
      const items = chooseProducts(random, available, new Set(firstPurchase.keys())).map((product) => ({
        product,
        variant: random.pick(variantsByProduct.get(product.id) ?? []),
      }));
      placed.push(composeOrder(random, ids, now, customer, orderedAt, items, currencyCode));
      for (const { product } of items) {
        const earlier = firstPurchase.get(product.id);
        if (!earlier || orderedAt < earlier) firstPurchase.set(product.id, orderedAt);
      }
    }
    for (const [productId, purchasedAt] of firstPurchase)
      purchases.push({ customer, productId, purchasedAt });
  }
  placed.sort((a, b) => a.order.createdAt.getTime() - b.order.createdAt.getTime());
  return {
    orders: placed.map(({ order }) => order),
    lines: placed.flatMap(({ lines }) => lines),
    purchases,
  };
}
