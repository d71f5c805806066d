import { ProductCardFragmentDoc, type ProductCardFragment } from "../../../client";
import { measured } from "../../helpers/sql-budget";
import { useTestApp } from "../../helpers/test-app";
import { typedDocument } from "../../helpers/typed-document";
import { seedDemoShop } from "../../../src/db/seed/demo-shop";
import { expectedOrder, listingTestEnv, visibleRows } from "./listing-flows";

/**
 * SQL statements per GraphQL request (every statement the pool sends, counted by the
 * driver), for the storefront's reads. Anonymous requests, so no session lookup is counted;
 * the maintenance sweeper is slowed down so it cannot run in the middle of a measurement.
 */

const t = useTestApp({ ...listingTestEnv, BAZAAR_SWEEP_INTERVAL_SECONDS: "3600" });

const budget = 8;

/** The storefront's product card (the SDK's `ProductCard`): category and parent, variants, price range, rating, 3 reviews. */
const listingDocument = typedDocument<
  { products: { edges: { node: ProductCardFragment }[] } },
  { first: number }
>(
  "query StorefrontListing($first: Int) { products(first: $first) { edges { node { ...ProductCard } } } }",
  ProductCardFragmentDoc,
);
const bySlugDocument = typedDocument<{ product: ProductCardFragment | null }, { slug: string }>(
  "query StorefrontCard($slug: String) { product(slug: $slug) { ...ProductCard } }",
  ProductCardFragmentDoc,
);
const listing = (first: number) => t.graphql(listingDocument, { first });
const bySlug = (slug: string) => t.graphql(bySlugDocument, { slug });

interface TreePage {
  totalCount?: number;
  edges: { node: { name: string } }[];
}
type Tree = { categories: { children: { slug: string; products: TreePage }[] }[] };
const tree = "{ categories { children { slug products(first: 5) { edges { node { name } } } } } }";
const treeWithCounts =
  "{ categories { children { slug products(first: 5) { totalCount edges { node { name } } } } } }";

/** Statements for the category trees, measured on 5 categories (1 root, 4 children) before the demo shop exists. */
let smallTree: { categories: number; tree: number; treeWithCounts: number };

beforeAll(async () => {
  const root = await t.db.prisma.category.create({ data: { name: "Budget Root", slug: "budget-root" } });
  const children = [1, 2, 3, 4].map((n) => ({
    name: `Budget Child ${n}`,
    slug: `budget-child-${n}`,
    parentId: root.id,
    position: n,
  }));
  await t.db.prisma.category.createMany({ data: children });
  smallTree = {
    categories: await t.db.prisma.category.count(),
    tree: (await measured(t, () => t.graphql<Tree>(tree))).statements,
    treeWithCounts: (await measured(t, () => t.graphql<Tree>(treeWithCounts))).statements,
  };
  await t.db.prisma.category.deleteMany({ where: { parentId: root.id } });
  await t.db.prisma.category.delete({ where: { id: root.id } });
  await seedDemoShop(t.db.prisma, t.logger, "USD");
});

describe("the storefront listing costs the same statements for any page size", () => {
  test("products(first: N) with category/parent/variants/priceRange/rating/reviews: ONE statement for N = 1, 10, 100 (look-ahead loading)", async () => {
    const runs = [];
    for (const n of [1, 10, 100]) runs.push({ n, ...(await measured(t, () => listing(n))) });
    expect(runs.map((run) => run.statements)).toEqual([1, 1, 1]);

    // The requests really loaded every relation, for every product.
    for (const run of runs) {
      const nodes = run.data.products.edges.map((edge) => edge.node);
      expect(nodes).toHaveLength(run.n);
      for (const node of nodes) {
        expect(node.category?.parent?.name).toEqual(expect.any(String));
        expect(node.variants.length).toBeGreaterThan(0);
        expect(node.reviews.edges.length).toBe(Math.min(3, node.rating.count));
      }
    }
    expect(runs[2]!.data.products.edges.some((edge) => edge.node.reviews.edges.length === 3)).toBe(true);
  });

  test("product(slug) with the same selection: ONE statement for any product (look-ahead loading)", async () => {
    const { data } = await measured(t, () => listing(100));
    const nodes = data.products.edges.map((edge) => edge.node);
    const picks = [
      nodes.find((node) => node.rating.count >= 3),
      nodes.find((node) => node.rating.count === 0),
      nodes.at(-1),
    ];
    const counts = [];
    for (const pick of picks) {
      expect(pick).toBeDefined();
      const read = await measured(t, () => bySlug(pick!.slug));
      expect(read.data.product).toEqual(pick);
      counts.push(read.statements);
    }
    expect(counts).toEqual([1, 1, 1]);
  });

  test("category(slug) { products(first: N) } with the same selection: TWO statements (the category, then its page with every relation) for N = 1, 10, 100", async () => {
    const byCategory = typedDocument<
      { category: { products: { edges: { node: ProductCardFragment }[] } } | null },
      { slug: string; first: number }
    >(
      "query CategoryCards($slug: String, $first: Int) { category(slug: $slug) { products(first: $first) { edges { node { ...ProductCard } } } } }",
      ProductCardFragmentDoc,
    );
    const root = await t.db.prisma.category.findFirstOrThrow({
      where: { parentId: null, children: { some: { products: { some: {} } } } },
    });
    const runs = [];
    for (const first of [1, 10, 100])
      runs.push({ first, ...(await measured(t, () => t.graphql(byCategory, { slug: root.slug, first }))) });
    expect(runs.map((run) => run.statements)).toEqual([2, 2, 2]);
    for (const run of runs) {
      const nodes = run.data.category!.products.edges.map((edge) => edge.node);
      expect(nodes.length).toBeGreaterThan(0);
      for (const node of nodes) {
        expect(node.category?.parent?.name).toEqual(root.name);
        expect(node.variants.length).toBeGreaterThan(0);
        expect(node.reviews.edges.length).toBe(Math.min(3, node.rating.count));
      }
    }
  });

  test("variants' products and their categories are batched too: same for N = 1, 10, 100", async () => {
    const query =
      "query ($first: Int) { products(first: $first) { edges { node { variants { product { name category { name } } } } } } }";
    const counts = [];
    for (const first of [1, 10, 100])
      counts.push((await measured(t, () => t.graphql(query, { first }))).statements);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    expect(counts[0]).toBeLessThanOrEqual(budget);
  });

  test("totalCount is counted only when selected (one more statement)", async () => {
    const without = await measured(t, () => t.graphql("{ products(first: 10) { edges { node { id } } } }"));
    const withCount = await measured(t, () =>
      t.graphql("{ products(first: 10) { totalCount edges { node { id } } } }"),
    );
    expect([without.statements, withCount.statements]).toEqual([1, 2]);
  });
});

describe("category pages under the category tree are batched", () => {
  test("categories { children { products(first: 5) } }: the same statements for 5 and for 20 categories", async () => {
    const demoCategories = await t.db.prisma.category.count();
    expect([smallTree.categories, demoCategories]).toEqual([5, 20]);
    const { data, statements } = await measured(t, () => t.graphql<Tree>(tree));
    expect(statements).toBe(smallTree.tree);
    expect(statements).toBeLessThanOrEqual(budget);

    // Each child's page is its 5 newest products.
    const rows = await visibleRows(t);
    const children = data.categories.flatMap((category) => category.children);
    expect(children).toHaveLength(15);
    for (const child of children) {
      const category = await t.db.prisma.category.findUniqueOrThrow({ where: { slug: child.slug } });
      const newest = expectedOrder(
        rows.filter((row) => row.categoryId === category.id),
        "NEWEST",
      ).slice(0, 5);
      expect(child.products.edges.map((edge) => edge.node.name)).toEqual(newest.map((row) => row.name));
    }
  });

  test("…and with totalCount selected on every page: still the same for 5 and for 20 categories", async () => {
    const { data, statements } = await measured(t, () => t.graphql<Tree>(treeWithCounts));
    const rows = await visibleRows(t);
    for (const child of data.categories.flatMap((category) => category.children)) {
      const category = await t.db.prisma.category.findUniqueOrThrow({ where: { slug: child.slug } });
      expect(child.products.totalCount).toBe(rows.filter((row) => row.categoryId === category.id).length);
    }
    expect({ fiveCategories: smallTree.treeWithCounts, twentyCategories: statements }).toEqual({
      fiveCategories: smallTree.treeWithCounts,
      twentyCategories: smallTree.treeWithCounts,
    });
    expect(statements).toBeLessThanOrEqual(budget);
  });
});

test("the measurements are of real work: a listing of 100 names the products the database has", async () => {
  const { data } = await measured(t, () => listing(100));
  const newest = expectedOrder(await visibleRows(t), "NEWEST").slice(0, 100);
  expect(data.products.edges.map((edge) => edge.node.name)).toEqual(newest.map((row) => row.name));
});
