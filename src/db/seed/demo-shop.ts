import type { Logger } from "pino";
import { PasswordHasher } from "../../auth/passwords";
import type { Prisma } from "../../generated/prisma/client";
import type { PrismaClient } from "../prisma-client";
import { composeDemoShop, type DemoShop } from "./demo-data";
import { demoOrderShipping } from "./demo-orders";
import type { DemoShippingRates } from "./demo-pricing";

export { demoAccounts } from "./demo-people";

/**
 * Serialises seeding across processes: two instances booting against one empty database
 * would otherwise both find it empty and both insert. Any constant works as long as nothing
 * else in Bazaar takes the same advisory lock.
 */
const seedLockKey = 0x42415a4141520001n;

type SeedCounts = Record<keyof DemoShop, number>;

function countRows(shop: DemoShop): SeedCounts {
  return {
    categories: shop.categories.length,
    products: shop.products.length,
    variants: shop.variants.length,
    users: shop.users.length,
    addresses: shop.addresses.length,
    orders: shop.orders.length,
    orderLines: shop.orderLines.length,
    reviews: shop.reviews.length,
    shippingZones: shop.shippingZones.length,
    shippingZoneCountries: shop.shippingZoneCountries.length,
    shippingMethods: shop.shippingMethods.length,
    taxClasses: shop.taxClasses.length,
    taxRates: shop.taxRates.length,
    reducedRateProductIds: shop.reducedRateProductIds.length,
    discountCodes: shop.discountCodes.length,
  };
}

/**
 * One batched insert per table, parents first. Every id is already in the rows, so no insert
 * waits on another's result: the embedded database pays per round trip, not per row.
 */
async function insertShop(
  tx: Prisma.TransactionClient,
  shop: DemoShop,
  passwordHasher: PasswordHasher,
): Promise<void> {
  // Hashed in parallel (argon2 runs on the libuv pool): one after another would be ~30 ms each.
  const users = await Promise.all(
    shop.users.map(async (user) => ({
      id: user.id,
      email: user.email,
      name: user.name,
      passwordHash: await passwordHasher.hash(user.password),
      roles: user.roles,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    })),
  );
  await tx.category.createMany({ data: shop.categories });
  await tx.taxClass.createMany({ data: shop.taxClasses });
  await tx.taxRate.createMany({ data: shop.taxRates });
  await tx.product.createMany({ data: shop.products });
  await tx.product.updateMany({
    where: { id: { in: shop.reducedRateProductIds } },
    data: { taxClassId: shop.taxClasses.find((c) => !c.isDefault)!.id },
  });
  await tx.productVariant.createMany({ data: shop.variants });
  await tx.user.createMany({ data: users });
  await tx.address.createMany({ data: shop.addresses });
  // Rows go in oldest first, so the order numbers the sequence hands out rise with time.
  await tx.order.createMany({ data: shop.orders });
  await tx.orderLine.createMany({ data: shop.orderLines });
  await tx.review.createMany({ data: shop.reviews });
  // Staff may have made codes before any product: theirs win over a demo code of the same name.
  await tx.discountCode.createMany({ data: shop.discountCodes, skipDuplicates: true });
  // A shop whose staff already set up shipping keeps its own zones.
  if ((await tx.shippingZone.count()) > 0) return;
  await tx.shippingZone.createMany({ data: shop.shippingZones });
  await tx.shippingZoneCountry.createMany({ data: shop.shippingZoneCountries });
  await tx.shippingMethod.createMany({ data: shop.shippingMethods });
}

/**
 * Fills an empty database with the demo shop (see `composeDemoShop`). A database that has
 * any user or product is left alone, so this is safe to run on every start-up.
 */
export async function seedDemoShop(
  prisma: PrismaClient,
  logger: Logger,
  currencyCode: string,
  shipping: DemoShippingRates = demoOrderShipping,
): Promise<"seeded" | "already-seeded"> {
  const startedAt = performance.now();
  const counts = await prisma.$transaction(
    async (tx): Promise<SeedCounts | undefined> => {
      // Transaction-scoped: released by the commit or rollback, even if this process dies.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${seedLockKey})`;
      const [state] = await tx.$queryRaw<Array<{ seeded: boolean }>>`
        SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM products) AS seeded`;
      if (state?.seeded) return undefined;
      const shop = composeDemoShop({ now: new Date(), currencyCode, shipping });
      await insertShop(tx, shop, new PasswordHasher());
      return countRows(shop);
    },
    // Generous: hashing and a few thousand rows take seconds on the embedded database.
    { timeout: 120_000, maxWait: 10_000 },
  );
  const elapsedMs = Math.round(performance.now() - startedAt);
  if (!counts) {
    logger.info({ elapsedMs }, "demo shop seeding skipped: the database already has users or products");
    return "already-seeded";
  }
  logger.info({ ...counts, elapsedMs }, "demo shop seeded");
  return "seeded";
}
