import { randomUUID } from "node:crypto";
import { dataOf, expectError, globalId } from "../accounts/account-flows";
import { RequestContext } from "../../src/common/request-context";
import { refreshProductAggregates } from "../../src/modules/catalog/product-aggregates";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  createProductOk,
  listedProductIds,
  readProduct,
  staffToken,
  updateVariant,
  type ProductData,
} from "./catalog-flows";

let t: TestApp;
let staff: string;
let product: ProductData;

beforeAll(async () => {
  t = await startTestApp();
  staff = await staffToken(t);
});
beforeEach(async () => {
  // Two variants: 19.99 with 5 in stock, 24.50 sold out.
  product = await createProductOk(t, staff, { name: `Variant Test ${randomUUID()}` });
});
afterAll(async () => {
  await t.close();
});

const usd = (amount: string) => ({ amount, currencyCode: "USD" });

describe("updateVariant", () => {
  test("a new price moves the product's price range in the same write", async () => {
    const [cheap] = product.variants;
    const result = dataOf(await updateVariant(t, staff, { id: cheap!.id, price: "30" })).updateVariant;
    expect(result).toMatchObject({
      id: cheap!.id,
      price: usd("30.00"),
      quantityAvailable: 5,
      name: "Medium",
    });
    expect(result.product.priceRange).toEqual({ min: usd("24.50"), max: usd("30.00") });
    expect((await readProduct(t, { id: product.id }))?.priceRange).toEqual({
      min: usd("24.50"),
      max: usd("30.00"),
    });
    expect(await listedProductIds(t, undefined, { maxPrice: "24.49" })).not.toContain(product.id);
    // Price filters bound the "from" price: now 24.50 (the other variant).
    expect(await listedProductIds(t, undefined, { minPrice: "24.51" })).not.toContain(product.id);
    expect(await listedProductIds(t, undefined, { minPrice: "24.50", maxPrice: "24.50" })).toContain(
      product.id,
    );
  });

  test("stock changes move the product in and out of stock", async () => {
    const [inStock, soldOut] = product.variants;
    await updateVariant(t, staff, { id: inStock!.id, quantityAvailable: 0 });
    expect(await listedProductIds(t, undefined, { inStock: false })).toContain(product.id);
    const restocked = dataOf(
      await updateVariant(t, staff, { id: soldOut!.id, quantityAvailable: 7 }),
    ).updateVariant;
    expect(restocked).toMatchObject({ quantityAvailable: 7, inStock: true, price: usd("24.50") });
    expect(await listedProductIds(t, undefined, { inStock: true })).toContain(product.id);
    const row = await t.db.prisma.product.findFirstOrThrow({ where: { slug: product.slug } });
    expect(row).toMatchObject({ minPriceAmount: 1999, maxPriceAmount: 2450, inStock: true });
  });

  test("absent fields stay; a name is trimmed", async () => {
    const [variant] = product.variants;
    const renamed = dataOf(
      await updateVariant(t, staff, { id: variant!.id, name: "  Medium (M) " }),
    ).updateVariant;
    expect(renamed).toMatchObject({
      name: "Medium (M)",
      price: usd("19.99"),
      quantityAvailable: 5,
      sku: variant!.sku,
    });
    const unchanged = dataOf(await updateVariant(t, staff, { id: variant!.id })).updateVariant;
    expect(unchanged).toMatchObject({ name: "Medium (M)", price: usd("19.99"), quantityAvailable: 5 });
  });

  test("two updates in one request each see the other's result", async () => {
    const [a, b] = product.variants;
    const response = await t.graphql<
      Record<string, { product: { priceRange: { min: { amount: string }; max: { amount: string } } } }>
    >(
      `mutation ($a: UpdateVariantInput!, $b: UpdateVariantInput!) {
        first: updateVariant(input: $a) { product { priceRange { min { amount } max { amount } } } }
        second: updateVariant(input: $b) { product { priceRange { min { amount } max { amount } } } }
      }`,
      { a: { id: a!.id, price: "1" }, b: { id: b!.id, price: "2" } },
      { token: staff },
    );
    const data = dataOf(response);
    expect(data.first!.product.priceRange).toEqual({ min: { amount: "1.00" }, max: { amount: "24.50" } });
    expect(data.second!.product.priceRange).toEqual({ min: { amount: "1.00" }, max: { amount: "2.00" } });
  });

  test("bad prices and stock are BAD_USER_INPUT naming the field, and change nothing", async () => {
    const [variant] = product.variants;
    expectError(await updateVariant(t, staff, { id: variant!.id, price: "-1" }), "BAD_USER_INPUT", "price");
    expectError(
      await updateVariant(t, staff, { id: variant!.id, price: "1.999" }),
      "BAD_USER_INPUT",
      "price",
    );
    expectError(
      await updateVariant(t, staff, { id: variant!.id, price: "1000001" }),
      "BAD_USER_INPUT",
      "price",
    );
    expectError(
      await updateVariant(t, staff, { id: variant!.id, quantityAvailable: -1 }),
      "BAD_USER_INPUT",
      "quantityAvailable",
    );
    expectError(
      await updateVariant(t, staff, { id: variant!.id, quantityAvailable: 1_000_001 }),
      "BAD_USER_INPUT",
      "quantityAvailable",
    );
    expectError(await updateVariant(t, staff, { id: variant!.id, name: "" }), "BAD_USER_INPUT", "name");
    expect((await readProduct(t, { id: product.id }))?.variants[0]).toEqual(variant);
  });

  test("an unknown variant is NOT_FOUND; a malformed id or another type's id BAD_USER_INPUT", async () => {
    expectError(
      await updateVariant(t, staff, { id: globalId("ProductVariant", randomUUID()), price: "1" }),
      "NOT_FOUND",
    );
    expectError(await updateVariant(t, staff, { id: "%%%", price: "1" }), "BAD_USER_INPUT", "id");
    expectError(await updateVariant(t, staff, { id: product.id, price: "1" }), "BAD_USER_INPUT", "id");
  });

  test("a variant of an archived product can still be changed by staff", async () => {
    await t.db.prisma.product.update({ where: { slug: product.slug }, data: { archivedAt: new Date() } });
    const [variant] = product.variants;
    const result = dataOf(
      await updateVariant(t, staff, { id: variant!.id, quantityAvailable: 1 }),
    ).updateVariant;
    expect(result.quantityAvailable).toBe(1);
  });
});

describe("refreshProductAggregates", () => {
  test("writes only products whose aggregates changed, and handles a product without variants", async () => {
    const key = (await t.db.prisma.product.findFirstOrThrow({ where: { slug: product.slug } })).id;
    const other = await createProductOk(t, staff, { name: `Other ${randomUUID()}` });
    const otherKey = (await t.db.prisma.product.findFirstOrThrow({ where: { slug: other.slug } })).id;
    const prisma = t.db.prisma;
    const refresh = (ids: string[]) =>
      t.app.services.transactions.withTransaction(RequestContext.system("test"), (ctx) =>
        refreshProductAggregates(ctx, ids),
      );
    expect(await refresh([key, otherKey, key])).toBe(0);
    await prisma.productVariant.updateMany({ where: { productId: key }, data: { quantityAvailable: 0 } });
    expect(await refresh([key, otherKey])).toBe(1);
    await prisma.productVariant.deleteMany({ where: { productId: key } });
    expect(await refresh([key])).toBe(1);
    expect(await prisma.product.findUniqueOrThrow({ where: { id: key } })).toMatchObject({
      minPriceAmount: 0,
      maxPriceAmount: 0,
      inStock: false,
    });
    expect(await refresh([])).toBe(0);
  });
});
