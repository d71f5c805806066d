import { randomUUID } from "node:crypto";
import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { errorCodes, startTestApp, type TestApp } from "../helpers/test-app";
import { expectError, keyOf } from "../accounts/account-flows";
import { createCategoryOk, createProductOk, staffToken } from "./catalog-flows";
import {
  categoryId,
  categorySubtree,
  cents,
  expectedOrder,
  insertProduct,
  keyedSorts,
  keysOf,
  listDetailedOk,
  listingTestEnv,
  listOk,
  listProducts,
  productId,
  visibleRows,
  walkAll,
  type CatalogRow,
  type ProductFilterInput,
  type ProductSort,
} from "./listing-flows";

let t: TestApp;
/** Category keys of the demo shop, and fixtures added below them. */
let apparel: string;
let tshirts: string;
let home: string;
let graphicTees: string;
let boundary: string;
let rootProduct: string;
let graphicTee: string;
let boundaryShirt: string;

beforeAll(async () => {
  t = await startTestApp(listingTestEnv);
  await seedDemoShop(t.db.prisma, t.logger, "USD");
  const staff = await staffToken(t);
  const bySlug = async (slug: string): Promise<string> =>
    (await t.db.prisma.category.findUniqueOrThrow({ where: { slug } })).id;
  [apparel, tshirts, home] = [await bySlug("apparel"), await bySlug("t-shirts"), await bySlug("home")];
  // Demo products sit only in leaf categories: add one filed under a root, and a third level.
  graphicTees = keyOf(
    (await createCategoryOk(t, staff, { name: "Graphic Tees", parentId: categoryId(tshirts) })).id,
  );
  rootProduct = keyOf(
    (await createProductOk(t, staff, { name: "Apparel Gift Card", categoryId: categoryId(apparel) })).id,
  );
  graphicTee = keyOf(
    (await createProductOk(t, staff, { name: "Graphic Crew Tee", categoryId: categoryId(graphicTees) })).id,
  );
  // Alone in its category: variants at 19.99 (in stock) and 24.50 (sold out).
  boundary = keyOf((await createCategoryOk(t, staff, { name: "Boundary" })).id);
  boundaryShirt = keyOf(
    (await createProductOk(t, staff, { name: "Boundary Shirt", categoryId: categoryId(boundary) })).id,
  );
  // Exact ties on every sort key at once, so only the id can order these three.
  const createdAt = new Date(Date.now() - 5 * 86_400_000);
  for (let i = 0; i < 3; i++)
    await insertProduct(t, {
      name: "Twin Product",
      createdAt,
      priceAmount: 2999,
      ratingAverage: 4,
      categoryId: home,
    });
});
afterAll(async () => {
  await t.close();
});

/** The whole filtered list, walked 100 at a time, equals the database rows that match, sorted in JS. */
async function expectListed(
  filter: ProductFilterInput,
  matches: (row: CatalogRow) => boolean,
  sortBy: ProductSort = "NEWEST",
): Promise<CatalogRow[]> {
  const rows = (await visibleRows(t)).filter(matches);
  const walk = await walkAll(t, { filter, sortBy, first: 100 });
  expect(keysOf(walk.nodes)).toEqual(expectedOrder(rows, sortBy).map((row) => row.id));
  for (const page of walk.pages) expect(page.totalCount).toBe(rows.length);
  return rows;
}

describe("sorting", () => {
  test("the catalog has ties on every sort key (so the id tie-break is exercised)", async () => {
    const rows = await visibleRows(t);
    const keys: Record<(typeof keyedSorts)[number], (row: CatalogRow) => string | number> = {
      NEWEST: (row) => row.createdAt.getTime(),
      PRICE_ASC: (row) => row.minPriceAmount,
      PRICE_DESC: (row) => row.minPriceAmount,
      NAME_ASC: (row) => row.name,
      RATING_DESC: (row) => row.ratingAverage,
    };
    for (const sort of keyedSorts) expect(new Set(rows.map(keys[sort])).size).toBeLessThan(rows.length);
  });

  test.each(keyedSorts)(
    "%s lists every visible product once, in order, ties broken by id; twice the same",
    async (sortBy) => {
      const rows = await expectListed({}, () => true, sortBy);
      expect(rows.length).toBeGreaterThan(200);
      const first = await listOk(t, { sortBy, first: 100 });
      const again = await listOk(t, { sortBy, first: 100 });
      expect(keysOf(again.edges.map((edge) => edge.node))).toEqual(
        keysOf(first.edges.map((edge) => edge.node)),
      );
    },
  );

  test.each([
    ["omitted", {}],
    ["null", { sortBy: null }],
  ])("sortBy %s lists NEWEST first", async (_case, args) => {
    const page = await listOk(t, { first: 50, ...args });
    const newest = expectedOrder(await visibleRows(t), "NEWEST").slice(0, 50);
    expect(keysOf(page.edges.map((edge) => edge.node))).toEqual(newest.map((row) => row.id));
  });

  test("listed prices, stock and createdAt agree with the database", async () => {
    const rows = new Map((await visibleRows(t)).map((row) => [row.id, row]));
    for (const { node } of (await listDetailedOk(t, { first: 100, sortBy: "PRICE_DESC" })).edges) {
      const row = rows.get(keyOf(node.id))!;
      expect([cents(node.priceRange.min.amount), cents(node.priceRange.max.amount)]).toEqual([
        row.minPriceAmount,
        row.maxPriceAmount,
      ]);
      expect(node.variants.some((variant) => variant.inStock)).toBe(row.inStock);
      expect(new Date(node.createdAt).getTime()).toBe(row.createdAt.getTime());
    }
  });
});

describe("first", () => {
  test.each([1, 7, 100])("first: %i gives exactly that many, with more to come", async (first) => {
    const page = await listOk(t, { first });
    expect(page.edges).toHaveLength(first);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
  });

  test.each([
    ["omitted", {}],
    ["null", { first: null }],
  ])("first %s gives the default 20", async (_case, args) => {
    expect((await listOk(t, args)).edges).toHaveLength(20);
  });

  test.each([0, 101, -1])("first: %i is BAD_USER_INPUT naming first", async (first) => {
    const response = await listProducts(t, { first });
    expectError(response, "BAD_USER_INPUT", "first");
    expect(response.data ?? null).toBeNull();
  });
});

describe("filter by category", () => {
  test.each([
    ["true", { includeSubcategories: true }],
    ["omitted", {}],
    ["null", { includeSubcategories: null }],
  ])(
    "a root with includeSubcategories %s lists its own products and those of every level below",
    async (_case, extra) => {
      const subtree = await categorySubtree(t, apparel);
      const rows = await expectListed({ categoryId: categoryId(apparel), ...extra }, (row) =>
        subtree.has(row.categoryId ?? ""),
      );
      const ids = rows.map((row) => row.id);
      expect(ids).toEqual(expect.arrayContaining([rootProduct, graphicTee]));
      expect(new Set(rows.map((row) => row.categoryId)).size).toBeGreaterThanOrEqual(4);
    },
  );

  test("a root with includeSubcategories false lists only the products filed under the root itself", async () => {
    const rows = await expectListed(
      { categoryId: categoryId(apparel), includeSubcategories: false },
      (row) => row.categoryId === apparel,
    );
    expect(rows.map((row) => row.id)).toEqual([rootProduct]);
  });

  test("a mid-level category: its own products only, or with its sub-category's", async () => {
    const own = await expectListed(
      { categoryId: categoryId(tshirts), includeSubcategories: false },
      (row) => row.categoryId === tshirts,
      "NAME_ASC",
    );
    expect(own.length).toBeGreaterThan(3);
    const all = await expectListed(
      { categoryId: categoryId(tshirts) },
      (row) => [tshirts, graphicTees].includes(row.categoryId ?? ""),
      "NAME_ASC",
    );
    expect(all.map((row) => row.id).sort()).toEqual([...own.map((row) => row.id), graphicTee].sort());
  });

  test("an unknown category lists nothing", async () => {
    const page = await listOk(t, { filter: { categoryId: categoryId(randomUUID()) } });
    expect(page).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false } });
  });

  test.each([
    ["a Product id", () => productId(rootProduct)],
    ["garbage", () => "not-an-id"],
  ])("%s as categoryId is BAD_USER_INPUT naming filter.categoryId", async (_case, id) => {
    expectError(
      await listProducts(t, { filter: { categoryId: id() } }),
      "BAD_USER_INPUT",
      "filter.categoryId",
    );
  });
});

describe('filter by price: a product matches when its "from" price (cheapest variant) is within the filter', () => {
  const fromPriceWithin = (min: string | undefined, max: string | undefined) => (row: CatalogRow) =>
    (min === undefined || row.minPriceAmount >= cents(min)) &&
    (max === undefined || row.minPriceAmount <= cents(max));

  test.each([
    [{ minPrice: "50.00" }],
    [{ maxPrice: "25.00" }],
    [{ minPrice: "40", maxPrice: "60.5" }],
    [{ minPrice: "29.99", maxPrice: "29.99" }],
    [{ minPrice: "0", maxPrice: "0.5" }],
  ])("%j", async (filter: { minPrice?: string; maxPrice?: string }) => {
    const rows = await expectListed(filter, fromPriceWithin(filter.minPrice, filter.maxPrice), "PRICE_ASC");
    if (filter.minPrice === "40") {
      // The range bounds the cheapest variant; dearer variants may lie above it.
      expect(rows.every((row) => row.minPriceAmount >= 4000 && row.minPriceAmount <= 6050)).toBe(true);
      expect(rows.some((row) => row.maxPriceAmount > 6050)).toBe(true);
    }
  });

  test.each([
    [{ minPrice: "19.99" }, true],
    [{ minPrice: "20.00" }, false],
    [{ maxPrice: "19.99" }, true],
    [{ maxPrice: "19.98" }, false],
    // Its dearest variant (24.50) does not make it a 20–24 product: it is sold from 19.99.
    [{ minPrice: "20.00", maxPrice: "24.00" }, false],
    [{ minPrice: "19.00", maxPrice: "20.00" }, true],
  ])("the 19.99–24.50 product with %j: listed = %s", async (prices, listed) => {
    const page = await listOk(t, { filter: { categoryId: categoryId(boundary), ...prices } });
    expect(keysOf(page.edges.map((edge) => edge.node))).toEqual(listed ? [boundaryShirt] : []);
    expect(page.totalCount).toBe(listed ? 1 : 0);
  });

  test.each([
    [{ minPrice: "-1.00" }, "filter.minPrice"],
    [{ maxPrice: "-0.01" }, "filter.maxPrice"],
    [{ minPrice: "1.005" }, "filter.minPrice"],
    [{ maxPrice: "19.999" }, "filter.maxPrice"],
    [{ maxPrice: "1000000.01" }, "filter.maxPrice"],
  ])("%j is BAD_USER_INPUT naming %s", async (filter, field) => {
    expectError(await listProducts(t, { filter }), "BAD_USER_INPUT", field);
  });

  test("minPrice above maxPrice is BAD_USER_INPUT naming one of them", async () => {
    const response = await listProducts(t, { filter: { minPrice: "10.00", maxPrice: "9.99" } });
    expectError(response, "BAD_USER_INPUT");
    expect(["filter.minPrice", "filter.maxPrice"]).toContain(response.errors?.[0]?.extensions?.field);
  });

  test("a price that is not a decimal is BAD_USER_INPUT", async () => {
    expect(errorCodes(await listProducts(t, { filter: { minPrice: "ten" } }))).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("filter by stock", () => {
  test.each([true, false])(
    "inStock: %s lists exactly the products with (or without) a variant in stock",
    async (inStock) => {
      const rows = await expectListed({ inStock }, (row) => row.inStock === inStock);
      expect(rows.length).toBeGreaterThan(3);
      for (const { node } of (await listDetailedOk(t, { filter: { inStock }, first: 100 })).edges) {
        expect(node.variants.some((variant) => variant.inStock)).toBe(inStock);
      }
    },
  );

  test("inStock: null does not filter", async () => {
    expect((await listOk(t, { filter: { inStock: null } })).totalCount).toBe((await visibleRows(t)).length);
  });
});

describe("filters combined (all must hold), under each sort", () => {
  const combos: [string, ProductSort, () => ProductFilterInput][] = [
    [
      "apparel and below, in stock, 30–80",
      "PRICE_ASC",
      () => ({ categoryId: categoryId(apparel), inStock: true, minPrice: "30", maxPrice: "80" }),
    ],
    [
      "t-shirts only, 20–40",
      "NAME_ASC",
      () => ({
        categoryId: categoryId(tshirts),
        includeSubcategories: false,
        minPrice: "20",
        maxPrice: "40",
      }),
    ],
    ["apparel and below, sold out", "NEWEST", () => ({ categoryId: categoryId(apparel), inStock: false })],
    ["home and below, up to 50", "RATING_DESC", () => ({ categoryId: categoryId(home), maxPrice: "50" })],
    ["in stock from 100", "PRICE_DESC", () => ({ inStock: true, minPrice: "100" })],
  ];
  test.each(combos)("%s, %s", async (_case, sortBy, build) => {
    const filter = build();
    const category = filter.categoryId ? keyOf(filter.categoryId) : null;
    const subtree = category ? await categorySubtree(t, category) : new Set<string>();
    const inCategory = (row: CatalogRow): boolean =>
      category === null ||
      (filter.includeSubcategories === false
        ? row.categoryId === category
        : subtree.has(row.categoryId ?? ""));
    const { inStock, minPrice, maxPrice } = filter;
    const rows = await expectListed(
      filter,
      (row) =>
        inCategory(row) &&
        (inStock === undefined || inStock === null || row.inStock === inStock) &&
        (!minPrice || row.minPriceAmount >= cents(minPrice)) &&
        (!maxPrice || row.minPriceAmount <= cents(maxPrice)),
      sortBy,
    );
    expect(rows.length).toBeGreaterThan(0);
  });

  test("totalCount is the whole filtered list's, on every page", async () => {
    const expected = (await visibleRows(t)).filter((row) => row.inStock && row.minPriceAmount >= 5000).length;
    const first = await listOk(t, { first: 7, filter: { inStock: true, minPrice: "50" } });
    const second = await listOk(t, {
      first: 7,
      after: first.pageInfo.endCursor,
      filter: { inStock: true, minPrice: "50" },
    });
    expect([first.totalCount, second.totalCount]).toEqual([expected, expected]);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
  });
});
