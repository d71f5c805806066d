import { randomUUID } from "node:crypto";
import type { OrderStatus } from "../../client";
import { RequestContext } from "../../src/common/request-context";
import { transactionOf } from "../../src/db/transactions";
import { refreshProductAggregates } from "../../src/modules/catalog/product-aggregates";
import type { Account } from "./accounts";
import { globalId, keyOf } from "./ids";
import type { TestApp } from "./test-app";

/**
 * Rows written straight to the database, for tests about what comes after them (carts,
 * orders, reviews): quicker than the staff API, and independent of it.
 */

export interface SeededVariant {
  key: string;
  /** Global id, as the API shows it. */
  id: string;
  sku: string;
  /** Minor units. */
  price: number;
}
export interface SeededProduct {
  key: string;
  id: string;
  name: string;
  variants: SeededVariant[];
}

/**
 * A product whose price range and stock flag are consistent with its variants (default: one
 * at 19.99, 10 in stock), in the tax class whose global id is `taxClassId` (absent: the default class).
 */
export async function seedProduct(
  t: Pick<TestApp, "db">,
  variants: { price: number; stock: number }[] = [{ price: 1999, stock: 10 }],
  options: { archived?: boolean; taxClassId?: string | null } = {},
): Promise<SeededProduct> {
  const tag = randomUUID().slice(0, 8);
  const prices = variants.map((v) => v.price);
  const row = await t.db.prisma.product.create({
    data: {
      name: `Product ${tag}`,
      slug: `product-${tag}`,
      description: "Seeded for a test.",
      minPriceAmount: Math.min(...prices),
      maxPriceAmount: Math.max(...prices),
      inStock: variants.some((v) => v.stock > 0),
      archivedAt: options.archived ? new Date() : null,
      taxClassId: options.taxClassId ? keyOf(options.taxClassId) : null,
      variants: {
        create: variants.map((v, position) => ({
          sku: `SKU-${tag}-${position}`,
          name: `Variant ${position}`,
          priceAmount: v.price,
          quantityAvailable: v.stock,
          position,
        })),
      },
    },
    select: {
      id: true,
      name: true,
      variants: { select: { id: true, sku: true, priceAmount: true }, orderBy: { position: "asc" } },
    },
  });
  return {
    key: row.id,
    id: globalId("Product", row.id),
    name: row.name,
    variants: row.variants.map((v) => ({
      key: v.id,
      id: globalId("ProductVariant", v.id),
      sku: v.sku,
      price: v.priceAmount,
    })),
  };
}

/** One variant with this price and stock, on a product of its own (in the tax class `taxClassId`; absent: the default). */
export async function seedVariant(
  t: Pick<TestApp, "db">,
  price: number,
  stock: number,
  taxClassId?: string | null,
): Promise<SeededVariant> {
  return (await seedProduct(t, [{ price, stock }], { taxClassId })).variants[0]!;
}

/** Changes a variant behind the API's back (as staff tools or another checkout would), keeping its product consistent. */
export async function setVariant(
  t: TestApp,
  variant: SeededVariant,
  data: { priceAmount?: number; quantityAvailable?: number },
): Promise<void> {
  await t.app.services.transactions.withTransaction(RequestContext.system("test"), async (ctx) => {
    const row = await transactionOf(ctx).productVariant.update({
      where: { id: variant.key },
      data,
      select: { productId: true },
    });
    await refreshProductAggregates(ctx, [row.productId]);
  });
}

export async function stockOf(t: Pick<TestApp, "db">, variant: SeededVariant): Promise<number> {
  return (await t.db.prisma.productVariant.findUniqueOrThrow({ where: { id: variant.key } }))
    .quantityAvailable;
}

export async function productInStock(t: TestApp, product: SeededProduct): Promise<boolean> {
  return (await t.db.prisma.product.findUniqueOrThrow({ where: { id: product.key } })).inStock;
}

/** An order of one unit of `product`'s first variant for `account`, in the given state, without checkout. */
export async function seedOrder(
  t: TestApp,
  account: Account,
  product: SeededProduct,
  status: OrderStatus,
): Promise<void> {
  const variant = product.variants[0]!;
  const shipping = 599;
  await t.db.prisma.order.create({
    data: {
      status,
      email: account.email,
      userId: keyOf(account.user.id),
      currencyCode: "USD",
      subtotalAmount: variant.price,
      shippingAmount: shipping,
      totalAmount: variant.price + shipping,
      shippingAddress: {
        fullName: account.user.name,
        line1: "1 Test Street",
        city: "Testville",
        postalCode: "12345",
        country: "US",
      },
      lines: {
        create: [
          {
            productId: product.key,
            variantId: variant.key,
            productName: product.name,
            sku: variant.sku,
            quantity: 1,
            unitPriceAmount: variant.price,
            lineTotalAmount: variant.price,
          },
        ],
      },
    },
  });
}
