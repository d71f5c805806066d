import { directSql } from "../../../src/db/direct-sql";
import type { PrismaClient } from "../../../src/db/prisma-client";
import { seedDemoShop } from "../../../src/db/seed/demo-shop";
import { createCatalogLoaders, type CatalogLoaders } from "../../../src/modules/catalog/catalog.loaders";
import { categorySelect } from "../../../src/modules/catalog/category-rows";
import {
  selectProductPage,
  toListedProductRow,
  type ListedProductRow,
  type RawListedProduct,
} from "../../../src/modules/catalog/product-listing";
import { productSelect, type ProductRow } from "../../../src/modules/catalog/product-rows";
import { noRelations } from "../../../src/modules/catalog/product-relations";
import { variantSelect } from "../../../src/modules/catalog/variant-rows";
import { createReviewLoaders } from "../../../src/modules/review/review.loaders";
import { reviewSelect } from "../../../src/modules/review/review-rows";
import { startTestApp, type TestApp } from "../../helpers/test-app";

/**
 * The raw SQL reads assert their row types (`$queryRaw<T>`) and nothing in the compiler
 * checks them: here every raw read path returns, row for row, exactly what Prisma's query
 * API returns for the same rows with the same `select` — the same keys, values and types.
 */

let t: TestApp;
let prisma: PrismaClient;
let loaders: CatalogLoaders;

const byId = <Row extends { id: string }>(rows: readonly Row[]): Row[] =>
  [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** `loadMany` hands failures back as values: here, any one fails the test. */
function settled<Value>(results: readonly (Value | Error)[]): Value[] {
  const failure = results.find((result): result is Error => result instanceof Error);
  if (failure) throw failure;
  return results as Value[];
}

function withoutSortKey({ sortKey: _sortKey, ...row }: ListedProductRow): ProductRow {
  return row;
}

beforeAll(async () => {
  t = await startTestApp();
  prisma = t.db.prisma;
  await seedDemoShop(prisma, t.logger, "USD");
  // The demo shop has neither: cover a set timestamp and a null foreign key too.
  const [first, second] = await prisma.product.findMany({
    select: { id: true },
    orderBy: { id: "asc" },
    take: 2,
  });
  await prisma.product.update({ where: { id: first!.id }, data: { archivedAt: new Date() } });
  await prisma.product.update({ where: { id: second!.id }, data: { categoryId: null } });
  loaders = createCatalogLoaders(prisma, directSql(t.db.pool));
});
afterAll(() => t.close());

describe("products", () => {
  let expected: ProductRow[];
  beforeAll(async () => {
    expected = await prisma.product.findMany({ select: productSelect, orderBy: { id: "asc" } });
  });

  test("by id and by slug (the product loaders)", async () => {
    expect(settled(await loaders.productById.loadMany(expected.map((p) => p.id)))).toStrictEqual(expected);
    expect(settled(await loaders.productBySlug.loadMany(expected.map((p) => p.slug)))).toStrictEqual(
      expected,
    );
  });

  test("a listing page", async () => {
    const query = {
      ordering: "NEWEST",
      categoryId: null,
      includeSubcategories: true,
      minPrice: null,
      maxPrice: null,
      inStock: null,
      search: null,
      includeArchived: true,
      rankLimit: 500,
    } as const;
    const statement = selectProductPage(query, null, expected.length + 1);
    // Through Prisma and straight through the pool (as the service reads it): the same rows.
    for (const raw of [
      await prisma.$queryRaw<RawListedProduct[]>(statement),
      await directSql(t.db.pool).rows<RawListedProduct>(statement),
    ]) {
      expect(byId(raw.map(toListedProductRow).map(withoutSortKey))).toStrictEqual(expected);
    }
  });

  test("by id and by slug with relations (look-ahead's read, straight through the pool)", async () => {
    const read = (key: "id" | "slug", values: string[]) =>
      loaders.readProductsWithRelations(key, values, noRelations);
    expect(
      byId(
        await read(
          "id",
          expected.map((p) => p.id),
        ),
      ),
    ).toStrictEqual(expected);
    expect(
      byId(
        await read(
          "slug",
          expected.map((p) => p.slug),
        ),
      ),
    ).toStrictEqual(expected);
  });

  test("category pages", async () => {
    const roots = await prisma.category.findMany({ where: { parentId: null }, select: { id: true } });
    const pages = await Promise.all(
      roots.map((root) =>
        loaders.productPagesByCategory.load({
          categoryId: root.id,
          limit: expected.length,
          after: null,
          includeArchived: true,
          relations: noRelations,
        }),
      ),
    );
    expect(byId(pages.flat().map(withoutSortKey))).toStrictEqual(
      expected.filter((p) => p.categoryId !== null),
    );
  });
});

test("variants by id and by product", async () => {
  const expected = await prisma.productVariant.findMany({ select: variantSelect, orderBy: { id: "asc" } });
  expect(settled(await loaders.variantById.loadMany(expected.map((v) => v.id)))).toStrictEqual(expected);
  const productIds = [...new Set(expected.map((v) => v.productId))];
  expect(byId(settled(await loaders.variantsByProductId.loadMany(productIds)).flat())).toStrictEqual(
    expected,
  );
});

test("review pages", async () => {
  const expected = await prisma.review.findMany({ select: reviewSelect, orderBy: { id: "asc" } });
  const pages = createReviewLoaders(prisma).reviewPagesByProduct;
  const productIds = [...new Set(expected.map((r) => r.productId))];
  const loaded = await pages.loadMany(
    productIds.map((productId) => ({ productId, first: expected.length, after: null })),
  );
  expect(byId(settled(loaded).flat())).toStrictEqual(expected);
});

test("categories by id (with their ancestors)", async () => {
  const expected = await prisma.category.findMany({ select: categorySelect, orderBy: { id: "asc" } });
  expect(settled(await loaders.categoryById.loadMany(expected.map((c) => c.id)))).toStrictEqual(expected);
});
