import type { ProductSort } from "../../../client";
import { staffAccount } from "../../helpers/accounts";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";
import {
  allRows,
  categoryId,
  categorySubtree,
  expectedOrder,
  insertProduct,
  keyedSorts,
  keysOf,
  listingTestEnv,
  listOk,
  visibleRows,
  walkAll,
  type CatalogRow,
  type ProductPage,
} from "./listing-flows";

/**
 * A category with sub-categories is listed by merging each category's own page (read from
 * its index) into one: the order, the cursors and the counts must be those of the whole
 * subtree sorted as one list, across sub-category boundaries, whatever the sort.
 */
const t = useTestApp(listingTestEnv);
/** Category keys: root (with products of its own) → a, b → b1; `outside` is another root. */
const tree = { root: "", a: "", b: "", b1: "", outside: "" };
let staff: string;
let archived: CatalogRow;

async function makeCategory(name: string, parentId: string | null): Promise<string> {
  const slug = `${name.toLowerCase().replace(/\W+/g, "-")}-${Math.random().toString(36).slice(2, 8)}`;
  return (await t.db.prisma.category.create({ data: { name, slug, parentId } })).id;
}

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
  tree.root = await makeCategory("Merge Root", null);
  tree.a = await makeCategory("Merge A", tree.root);
  tree.b = await makeCategory("Merge B", tree.root);
  tree.b1 = await makeCategory("Merge B1", tree.b);
  tree.outside = await makeCategory("Merge Outside", null);
  // Products spread over every category (and outside the tree) with the sort keys of
  // neighbours in different categories colliding: every page boundary and every tie
  // is decided across sub-categories, by the id where the keys are equal.
  const homes = [tree.a, tree.b, tree.b1, tree.root, tree.outside, tree.a, tree.b1];
  const base = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < 28; i++) {
    await insertProduct(t, {
      name: `Merge ${i % 5}`,
      createdAt: new Date(base + (i % 6) * 60_000),
      priceAmount: 1000 + (i % 4) * 100,
      ratingAverage: i % 3,
      inStock: i % 5 !== 0,
      categoryId: homes[i % homes.length],
    });
  }
  archived = await insertProduct(t, {
    name: "Merge Archived",
    createdAt: new Date(base),
    categoryId: tree.b1,
  });
  await t.db.prisma.product.update({ where: { id: archived.id }, data: { archivedAt: new Date() } });
});

async function subtreeRows(root: string, options: { withArchived?: boolean } = {}): Promise<CatalogRow[]> {
  const subtree = await categorySubtree(t, root);
  const rows = options.withArchived ? await allRows(t) : await visibleRows(t);
  return rows.filter((row) => subtree.has(row.categoryId ?? ""));
}

function expectWalk(pages: ProductPage[], expected: CatalogRow[], first: number): void {
  const ids = keysOf(pages.flatMap((page) => page.edges.map((edge) => edge.node)));
  expect(ids).toEqual(expected.map((row) => row.id));
  expect(pages).toHaveLength(Math.max(1, Math.ceil(expected.length / first)));
  for (const page of pages) expect(page.totalCount).toBe(expected.length);
}

describe("products(filter: { categoryId }) of a category with sub-categories", () => {
  test("the fixture spans every category, with sort keys tied across categories", async () => {
    const rows = await subtreeRows(tree.root);
    expect(new Set(rows.map((row) => row.categoryId))).toEqual(new Set([tree.root, tree.a, tree.b, tree.b1]));
    expect(new Set(rows.map((row) => row.createdAt.getTime())).size).toBeLessThan(rows.length / 3);
  });

  test.each(keyedSorts)(
    "%s, 3 per page: the subtree's products in one order, each once, across sub-categories",
    async (sortBy: ProductSort) => {
      const expected = expectedOrder(await subtreeRows(tree.root), sortBy);
      const { pages } = await walkAll(t, { filter: { categoryId: categoryId(tree.root) }, sortBy, first: 3 });
      expectWalk(pages, expected, 3);
    },
  );

  test("a mid-level category lists itself and the level below it, and with includeSubcategories false only itself", async () => {
    const both = expectedOrder(await subtreeRows(tree.b), "NEWEST");
    expect(new Set(both.map((row) => row.categoryId))).toEqual(new Set([tree.b, tree.b1]));
    expectWalk((await walkAll(t, { filter: { categoryId: categoryId(tree.b) }, first: 2 })).pages, both, 2);
    const own = both.filter((row) => row.categoryId === tree.b);
    const alone = await walkAll(t, {
      filter: { categoryId: categoryId(tree.b), includeSubcategories: false },
      first: 2,
    });
    expectWalk(alone.pages, own, 2);
  });

  test("filters hold in every sub-category: in stock, from 11.00, dearest first", async () => {
    const expected = expectedOrder(
      (await subtreeRows(tree.root)).filter((row) => row.inStock && row.minPriceAmount >= 1100),
      "PRICE_DESC",
    );
    expect(expected.length).toBeGreaterThan(4);
    const { pages } = await walkAll(t, {
      filter: { categoryId: categoryId(tree.root), inStock: true, minPrice: "11.00" },
      sortBy: "PRICE_DESC",
      first: 4,
    });
    expectWalk(pages, expected, 4);
  });

  test("staff see archived products in their place", async () => {
    const expected = expectedOrder(await subtreeRows(tree.root, { withArchived: true }), "NEWEST");
    expect(expected.map((row) => row.id)).toContain(archived.id);
    const { pages } = await walkAll(
      t,
      { filter: { categoryId: categoryId(tree.root) }, first: 5 },
      { token: staff },
    );
    expectWalk(pages, expected, 5);
  });

  test("a product added in another sub-category with the cursor's own sort key: listed after the cursor only if its id sorts after it", async () => {
    let cursorRow: { id: string; createdAt: Date } | undefined;
    const added: string[] = [];
    const walk = await walkAll(
      t,
      { filter: { categoryId: categoryId(tree.root) }, first: 4 },
      {
        between: async (index, page) => {
          if (index !== 0) return;
          const last = keysOf(page.edges.map((edge) => edge.node)).at(-1)!;
          cursorRow = await t.db.prisma.product.findUniqueOrThrow({ where: { id: last } });
          for (const [id, category] of [
            ["00000000-0000-4000-8000-00000000a11a", tree.a],
            ["ffffffff-ffff-4fff-bfff-00000000b11b", tree.b1],
          ] as const) {
            added.push(
              (await insertProduct(t, { id, createdAt: cursorRow.createdAt, categoryId: category })).id,
            );
          }
        },
      },
    );
    const ordered = expectedOrder(await subtreeRows(tree.root), "NEWEST").map((row) => row.id);
    const firstPage = keysOf(walk.pages[0]!.edges.map((edge) => edge.node));
    const rest = ordered.slice(ordered.indexOf(cursorRow!.id) + 1);
    expect(keysOf(walk.nodes)).toEqual([...firstPage, ...rest]);
    expect(rest).toContain(added[0]);
    expect(keysOf(walk.nodes)).not.toContain(added[1]);
    await t.db.prisma.product.deleteMany({ where: { id: { in: added } } });
  });

  test.each([
    ["ids", "id"],
    [
      "the storefront card (relations read with the page)",
      "id name category { name parent { name } } variants { sku }",
    ],
  ])(
    "%s: the same statements as for a category without sub-categories, for any page size",
    async (_case, node) => {
      const query = `query($id: ID!, $first: Int) { products(first: $first, filter: { categoryId: $id }) { edges { node { ${node} } } } }`;
      const statements = async (id: string, first: number): Promise<number> =>
        (await measured(t, () => t.graphql(query, { id: categoryId(id), first }))).statements;
      const leaf = await statements(tree.a, 3);
      expect(leaf).toBeLessThanOrEqual(2);
      for (const first of [1, 3, 30]) expect(await statements(tree.root, first)).toBe(leaf);
    },
  );
});

describe("Category.products of a category with sub-categories", () => {
  const categoryPage = `query($id: ID!, $after: String) { node(id: $id) { ... on Category {
    products(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } } }`;

  async function walkCategory(id: string, token?: string): Promise<ProductPage[]> {
    const pages: ProductPage[] = [];
    let after: string | null = null;
    do {
      const response: { data?: { node: { products: ProductPage } } | null } = await t.graphql(
        categoryPage,
        { id: categoryId(id), after },
        { token },
      );
      pages.push(response.data!.node.products);
      after = pages.at(-1)!.pageInfo.hasNextPage ? pages.at(-1)!.pageInfo.endCursor : null;
    } while (after !== null);
    return pages;
  }

  test("pages newest first across sub-categories, equal to the product list filtered by the category", async () => {
    const expected = expectedOrder(await subtreeRows(tree.root), "NEWEST");
    expectWalk(await walkCategory(tree.root), expected, 3);
    const listed = await walkAll(t, { filter: { categoryId: categoryId(tree.root) }, first: 3 });
    expect(listed.nodes).toEqual(
      (await walkCategory(tree.root)).flatMap((page) => page.edges.map((edge) => edge.node)),
    );
  });

  test("staff see archived products there too", async () => {
    const expected = expectedOrder(await subtreeRows(tree.root, { withArchived: true }), "NEWEST");
    expectWalk(await walkCategory(tree.root, staff), expected, 3);
  });

  test("every category of the tree in one request: each its own subtree's page", async () => {
    const query = `{ categories { id products(first: 3) { edges { node { id } } } children { id products(first: 3) { edges { node { id } } }
      children { id products(first: 3) { edges { node { id } } } } } } }`;
    type Level = { id: string; products: ProductPage; children?: Level[] };
    const { data } = await t.graphql<{ categories: Level[] }>(query, {});
    const all = (levels: Level[]): Level[] =>
      levels.flatMap((level) => [level, ...all(level.children ?? [])]);
    const seen = all(data!.categories).filter((level) =>
      [tree.root, tree.a, tree.b, tree.b1].map(categoryId).includes(level.id),
    );
    expect(seen).toHaveLength(4);
    for (const level of seen) {
      const page = await listOk(t, { filter: { categoryId: level.id }, first: 3 });
      expect(level.products.edges).toEqual(page.edges.map((edge) => ({ node: edge.node })));
    }
  });
});
