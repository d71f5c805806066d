import { defaultDiscountCode, runShop } from "../../client/examples/shop";
import { composeDiscountCodes } from "../../src/db/seed/demo-discounts";
import { createRandom } from "../../src/db/seed/random";
import { accountWithRoles } from "../helpers/accounts";
import { keyOf } from "../helpers/ids";
import { createTaxClassOk, setTaxRate } from "../helpers/pricing";
import { dataOf } from "../helpers/results";
import { seedProduct } from "../helpers/seed";
import { startTestApp, useTestApp } from "../helpers/test-app";

/** client/examples/shop.ts, the SDK's end-to-end example, against the real server. */

const t = useTestApp();

beforeAll(async () => {
  // The demo shop's codes, as its seed writes them, and California's sales tax as the default class.
  await t.db.prisma.discountCode.createMany({ data: composeDiscountCodes(createRandom(1), new Date()) });
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const standard = await createTaxClassOk(t, admin, "Standard", true);
  dataOf(await setTaxRate(t, admin, { taxClassId: standard.id, country: "US", region: "CA", rate: "7.25" }));
});

test("register, browse, cart, WELCOME10, Express, checkout, pay with tok_visa: the order ends PAID", async () => {
  const product = await seedProduct(t, [
    { price: 2400, stock: 0 },
    { price: 2600, stock: 3 },
  ]);
  const progress: string[] = [];

  const summary = await runShop(`${t.baseUrl}/graphql`, { log: (line) => progress.push(line) });

  // 26.00 − 2.60; Express (the fastest) 14.99, never free; 7.25 % of 23.40 is 1.70 and of 14.99 is 1.09.
  expect(summary).toMatchObject({
    product: product.name,
    sku: product.variants[1]!.sku,
    status: "PAID",
    discountCode: defaultDiscountCode,
    discountTotal: "2.60",
    shippingMethod: "Express",
    shippingTotal: "14.99",
    taxTotal: "2.79",
    total: "41.18 USD",
  });
  expect(summary.updates).toBeGreaterThanOrEqual(1);
  const order = await t.db.prisma.order.findUniqueOrThrow({
    where: { id: keyOf(summary.orderId) },
    include: { user: true },
  });
  expect([order.status, order.user?.email, order.discountCode]).toEqual(["PAID", summary.email, "WELCOME10"]);
  expect(progress).toEqual(
    expect.arrayContaining([
      "applied WELCOME10: 2.60 off 26.00",
      "shipping to US-CA: Standard 4.99 (3–5 days), Express 14.99 (1–2 days)",
      "chose Express, quoted subtotal 26.00, WELCOME10 −2.60, shipping Express 14.99, tax 2.79, total 41.18 USD",
    ]),
  );
  expect(progress.at(-1)).toBe(`order ${summary.orderNumber} is PAID`);
});

test("a code the shop refuses is reported, and the order placed without it", async () => {
  await seedProduct(t, [{ price: 6000, stock: 1 }]);
  const progress: string[] = [];

  const summary = await runShop(`${t.baseUrl}/graphql`, {
    discountCode: "NO-SUCH-CODE",
    log: (line) => progress.push(line),
  });

  // 60.00 is above Standard's free-shipping threshold; Express is charged all the same.
  expect(summary).toMatchObject({
    status: "PAID",
    discountCode: null,
    discountTotal: "0.00",
    total: "80.43 USD",
  });
  expect(progress).toContain('code NO-SUCH-CODE not applied: There is no discount code "NO-SUCH-CODE".');
});

test("a shop with nothing in stock fails with the reason", async () => {
  const empty = await startTestApp();
  try {
    await expect(runShop(`${empty.baseUrl}/graphql`)).rejects.toThrow("the shop has no product in stock");
  } finally {
    await empty.close();
  }
});
