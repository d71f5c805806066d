import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { startTestApp, type TestApp } from "../helpers/test-app";

interface Page {
  totalCount?: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: { name: string } }[];
}
interface CategoryNode {
  id: string;
  name: string;
  products: Page;
  children: { id: string; products: Page }[];
}

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoShop(t.db.prisma, t.logger, "USD");
});
afterAll(() => t.close());

const treeQuery = `query($first: Int) { categories { id name products(first: $first) { pageInfo { hasNextPage endCursor } edges { node { name } } }
  children { id products(first: $first) { pageInfo { hasNextPage endCursor } edges { node { name } } } } } }`;

async function statementsFor(query: string, variables: Record<string, unknown>): Promise<number> {
  const before = t.db.statements.count;
  const response = await t.graphql(query, variables);
  expect(response.errors).toBeUndefined();
  return t.db.statements.count - before;
}

test("each category's page equals the product list filtered by that category", async () => {
  const { data } = await t.graphql<{ categories: CategoryNode[] }>(treeQuery, { first: 5 });
  for (const category of data!.categories) {
    for (const { id, products } of [category, ...category.children]) {
      const listed = await t.graphql<{ products: Page }>(
        `query($id: ID!) { products(first: 5, filter: { categoryId: $id }) { pageInfo { hasNextPage endCursor } edges { node { name } } } }`,
        { id },
      );
      expect(products.edges).toEqual(listed.data!.products.edges);
      expect(products.pageInfo.hasNextPage).toBe(listed.data!.products.pageInfo.hasNextPage);
    }
  }
});

test("category product pages are batched: the statement count does not grow with the number of categories or the page size", async () => {
  const small = await statementsFor(treeQuery, { first: 1 });
  const large = await statementsFor(treeQuery, { first: 20 });
  expect(large).toBe(small);
  // roots, children, one batched page query per tree level
  expect(small).toBeLessThanOrEqual(4);
});

test("a category page continues from its cursor without repeating products", async () => {
  const query = `query($after: String) { categories { name products(first: 4, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { name } } } } }`;
  const first = await t.graphql<{ categories: { name: string; products: Page }[] }>(query, {});
  const apparel = first.data!.categories[0]!;
  const second = await t.graphql<{ categories: { name: string; products: Page }[] }>(query, {
    after: apparel.products.pageInfo.endCursor,
  });
  const again = second.data!.categories[0]!.products.edges.map((e) => e.node.name);
  expect(again).toHaveLength(4);
  expect(again.some((name) => apparel.products.edges.some((e) => e.node.name === name))).toBe(false);
  expect(apparel.products.totalCount).toBeGreaterThan(8);
});
