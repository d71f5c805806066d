import { randomUUID } from "node:crypto";
import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { dataOf, expectError, keyOf } from "../accounts/account-flows";
import {
  categoryId,
  compareKeys,
  cursorParts,
  expectedOrder,
  insertProduct,
  keyedSorts,
  keysOf,
  listingTestEnv,
  listOk,
  listProducts,
  searchRanks,
  visibleRows,
  walkAll,
  withCharChanged,
  type CatalogRow,
  type InsertedProduct,
  type ListArgs,
  type ProductSort,
} from "./listing-flows";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp(listingTestEnv);
  await seedDemoShop(t.db.prisma, t.logger, "USD");
});
afterAll(async () => {
  await t.close();
});

describe("walking every page with first: 7", () => {
  const walks: [string, ListArgs][] = [
    ...keyedSorts.map((sortBy): [string, ListArgs] => [sortBy, { sortBy }]),
    ["RELEVANCE (search: cotton or linen or shop)", { search: "cotton or linen or shop" }],
    ["PRICE_ASC, in stock, from 40", { sortBy: "PRICE_ASC", filter: { inStock: true, minPrice: "40" } }],
  ];

  test.each(walks)(
    "%s: every product exactly once, in order; hasNextPage false only on the last page",
    async (_case, args) => {
      let rows = await visibleRows(t);
      if (args.filter) rows = rows.filter((row) => row.inStock && row.minPriceAmount >= 4000);
      let ranks: Map<string, number> | undefined;
      if (args.search) {
        ranks = await searchRanks(t, args.search);
        rows = rows.filter((row) => ranks!.has(row.id));
        // Equal ranks exist, so the id really has to break ties across page boundaries.
        expect(new Set(rows.map((row) => ranks!.get(row.id))).size).toBeLessThan(rows.length);
      }
      const sort: ProductSort = args.sortBy ?? "RELEVANCE";
      expect(rows.length).toBeGreaterThan(14);

      const { nodes, pages } = await walkAll(t, { ...args, first: 7 });
      const ids = keysOf(nodes);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expectedOrder(rows, sort, ranks).map((row) => row.id));
      expect(pages).toHaveLength(Math.ceil(rows.length / 7));
      pages.forEach((page, index) => {
        const last = index === pages.length - 1;
        expect(page.edges.length).toBe(last ? rows.length - 7 * index : 7);
        expect(page.pageInfo).toMatchObject({ hasNextPage: !last, hasPreviousPage: index > 0 });
        expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      });
    },
  );
});

/**
 * Rows made while paging, per sort: one ahead of everything (offset paging would shift the
 * list under the reader and repeat a row), one with exactly the sort key of the row the
 * cursor points at (the id decides its side), one behind everything.
 */
const maxUuid = (n: number): string => `ffffffff-ffff-4fff-bfff-${(0xffffffffffff - n).toString(16)}`;
const minUuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
let inserted = 0;

function rowsDuring(sort: (typeof keyedSorts)[number], atCursor: CatalogRow): InsertedProduct[] {
  inserted += 1;
  const n = inserted;
  const same: InsertedProduct = {
    createdAt: atCursor.createdAt,
    priceAmount: atCursor.minPriceAmount,
    name: atCursor.name,
    ratingAverage: atCursor.ratingAverage,
  };
  switch (sort) {
    case "NEWEST":
      return [
        { createdAt: new Date(Date.now() + n * 60_000) },
        same,
        { createdAt: new Date(Date.UTC(2001, 0, 1) + n) },
      ];
    case "PRICE_ASC":
      return [{ priceAmount: 0, id: minUuid(n) }, same, { priceAmount: 99_999_999, id: maxUuid(n) }];
    case "PRICE_DESC":
      return [{ priceAmount: 99_999_999, id: maxUuid(n) }, same, { priceAmount: 0, id: minUuid(n) }];
    case "NAME_ASC":
      return [{ name: `!head ${n}` }, same, { name: `~tail ${n}` }];
    case "RATING_DESC":
      return [{ ratingAverage: 5, id: maxUuid(n) }, same, { ratingAverage: 0, id: minUuid(n) }];
  }
}

function keyOfRow(sort: (typeof keyedSorts)[number], row: CatalogRow): number | string {
  if (sort === "NEWEST") return row.createdAt.getTime();
  if (sort === "NAME_ASC") return row.name;
  if (sort === "RATING_DESC") return row.ratingAverage;
  return row.minPriceAmount;
}

describe("rows inserted while paging", () => {
  test.each(keyedSorts)(
    "%s: no duplicates and no gaps among the rows that were there before",
    async (sort) => {
      const before = await visibleRows(t);
      const byId = new Map(before.map((row) => [row.id, row]));
      /** Inserted rows that lie after the cursor at the moment they were made: the walk must meet them. */
      const reachable = new Set<string>();
      const madeIds: string[] = [];
      let ahead = 0;

      const { nodes } = await walkAll(
        t,
        { sortBy: sort, first: 7 },
        {
          between: async (pageIndex, page) => {
            if (pageIndex >= 8) return;
            const cursorRow = byId.get(keyOf(page.edges.at(-1)!.node.id))!;
            const position = { key: keyOfRow(sort, cursorRow), id: cursorRow.id };
            for (const fields of rowsDuring(sort, cursorRow)) {
              const row = await insertProduct(t, { id: randomUUID(), ...fields });
              byId.set(row.id, row);
              madeIds.push(row.id);
              if (compareKeys(sort, { key: keyOfRow(sort, row), id: row.id }, position) > 0)
                reachable.add(row.id);
              else ahead += 1;
            }
          },
        },
      );
      try {
        const ids = keysOf(nodes);
        expect(new Set(ids).size).toBe(ids.length);
        // The walk is exactly the final order, minus the rows made behind the reader's back.
        const seen = [...before.map((row) => row.id), ...reachable];
        const final = expectedOrder(
          (await visibleRows(t)).filter((row) => seen.includes(row.id)),
          sort,
        ).map((row) => row.id);
        expect(ids).toEqual(final);
        const existed = new Set(before.map((row) => row.id));
        expect(ids.filter((id) => existed.has(id))).toHaveLength(existed.size);
        // The test inserted on both sides of the cursor, or it proves nothing.
        expect(ahead).toBeGreaterThanOrEqual(8);
        expect(reachable.size).toBeGreaterThanOrEqual(8);
      } finally {
        await t.db.prisma.product.deleteMany({ where: { id: { in: madeIds } } });
      }
    },
  );
});

describe("bad cursors are BAD_USER_INPUT naming after", () => {
  let real: string;
  beforeAll(async () => {
    real = (await listOk(t, { first: 3, sortBy: "NEWEST" })).pageInfo.endCursor!;
  });

  test("the real cursor works (the forgeries below differ from it only as described)", async () => {
    const next = await listOk(t, { first: 3, sortBy: "NEWEST", after: real });
    expect(next.edges).toHaveLength(3);
  });

  test.each([
    ["one character of the payload changed", (c: string) => withCharChanged(c, 5)],
    [
      "the last character of the payload changed",
      (c: string) => withCharChanged(c, cursorParts(c).payload.length - 1),
    ],
    [
      "one character of the signature changed",
      (c: string) => withCharChanged(c, cursorParts(c).payload.length + 3),
    ],
    ["the signature removed", (c: string) => cursorParts(c).payload],
    ["a third part appended", (c: string) => `${c}.${cursorParts(c).signature}`],
    [
      "another position, re-encoded, with the old signature",
      (c: string) => {
        const values = JSON.parse(
          Buffer.from(cursorParts(c).payload, "base64url").toString("utf8"),
        ) as unknown[];
        const forged = Buffer.from(
          JSON.stringify([values[0], "2000-01-01T00:00:00.000Z", values[2]]),
        ).toString("base64url");
        return `${forged}.${cursorParts(c).signature}`;
      },
    ],
    ["a garbage string", () => "garbage"],
    [
      "base64 of something else",
      () => Buffer.from('["products:NEWEST"]').toString("base64url") + ".AAAAAAAAAAAAAAAAAAAAAA",
    ],
    ["a very long string", () => "a".repeat(5000)],
  ])("%s", async (_case, forge) => {
    const forged = forge(real);
    expect(forged).not.toBe(real);
    const response = await listProducts(t, { first: 3, sortBy: "NEWEST", after: forged });
    expectError(response, "BAD_USER_INPUT", "after");
    expect(response.data ?? null).toBeNull();
  });

  test.each([
    ["PRICE_ASC", "NEWEST"],
    ["NEWEST", "NAME_ASC"],
    ["RATING_DESC", "PRICE_DESC"],
    ["PRICE_DESC", "PRICE_ASC"],
  ] as const)("a %s cursor under sortBy %s", async (from, to) => {
    const cursor = (await listOk(t, { first: 2, sortBy: from })).pageInfo.endCursor;
    expectError(await listProducts(t, { first: 2, sortBy: to, after: cursor }), "BAD_USER_INPUT", "after");
  });

  test("a RELEVANCE cursor without the search", async () => {
    const cursor = (await listOk(t, { first: 2, search: "cotton" })).pageInfo.endCursor;
    expectError(await listProducts(t, { first: 2, after: cursor }), "BAD_USER_INPUT", "after");
  });

  test("a review cursor passed to products", async () => {
    const response = await t.graphql<{
      products: { edges: { node: { reviews: { pageInfo: { endCursor: string | null } } } }[] };
    }>(
      "{ products(first: 5, sortBy: RATING_DESC) { edges { node { reviews(first: 1) { pageInfo { endCursor } } } } } }",
    );
    const cursor = dataOf(response).products.edges[0]!.node.reviews.pageInfo.endCursor;
    expect(cursor).not.toBeNull();
    expectError(await listProducts(t, { first: 2, after: cursor }), "BAD_USER_INPUT", "after");
  });

  test("a category's product list refuses a forged cursor too", async () => {
    const apparel = await t.db.prisma.category.findUniqueOrThrow({ where: { slug: "apparel" } });
    const response = await t.graphql(
      "query ($id: ID!, $after: String) { category(id: $id) { products(first: 2, after: $after) { edges { cursor } } } }",
      {
        id: categoryId(apparel.id),
        after: withCharChanged(real, 5),
      },
    );
    expect(response.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
      ["BAD_USER_INPUT", "after"],
    ]);
  });
});
