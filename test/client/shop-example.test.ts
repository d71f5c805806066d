import { runShop } from "../../client/examples/shop";
import { keyOf } from "../helpers/ids";
import { seedProduct } from "../helpers/seed";
import { startTestApp, useTestApp } from "../helpers/test-app";

/** client/examples/shop.ts, the SDK's end-to-end example, against the real server. */

const t = useTestApp();

test("register, browse, cart, checkout, pay with tok_visa: the order ends PAID", async () => {
  const product = await seedProduct(t, [
    { price: 2400, stock: 0 },
    { price: 2600, stock: 3 },
  ]);
  const progress: string[] = [];

  const summary = await runShop(`${t.baseUrl}/graphql`, { log: (line) => progress.push(line) });

  expect(summary).toMatchObject({
    product: product.name,
    sku: product.variants[1]!.sku,
    status: "PAID",
    total: "30.99 USD",
  });
  expect(summary.updates).toBeGreaterThanOrEqual(1);
  const order = await t.db.prisma.order.findUniqueOrThrow({
    where: { id: keyOf(summary.orderId) },
    include: { user: true },
  });
  expect([order.status, order.user?.email]).toEqual(["PAID", summary.email]);
  expect(progress.at(-1)).toBe(`order ${summary.orderNumber} is PAID`);
});

test("a shop with nothing in stock fails with the reason", async () => {
  const empty = await startTestApp();
  try {
    await expect(runShop(`${empty.baseUrl}/graphql`)).rejects.toThrow("the shop has no product in stock");
  } finally {
    await empty.close();
  }
});
