import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";
import { dataOf } from "../accounts/account-flows";

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  await seedDemoShop(t.db.prisma, t.logger, "USD");
});
afterAll(async () => {
  await t.close();
});

interface ListedReviews {
  products: {
    edges: {
      node: {
        rating: { count: number };
        reviews: {
          totalCount: number;
          pageInfo: { endCursor: string | null };
          edges: { node: { rating: number; authorName: string } }[];
        };
      };
    }[];
  };
}

/** Runs one request and returns its response with the SQL statements it cost. */
async function measured<T>(
  request: () => Promise<GraphQLResponse<T>>,
): Promise<{ data: T; statements: number }> {
  const before = t.db.statements.count;
  const response = await request();
  const statements = t.db.statements.count - before;
  return { data: dataOf(response), statements };
}

/** Best rated first, so even a page of one product has reviews (and their products) to load. */
function listing(
  first: number,
  reviewFields = "rating authorName",
  after: string | null = null,
): Promise<GraphQLResponse<ListedReviews>> {
  return t.graphql(
    `query ($first: Int!, $after: String) {
      products(first: $first, sortBy: RATING_DESC) { edges { node {
        rating { count }
        reviews(first: 3, after: $after) { totalCount pageInfo { endCursor } edges { node { ${reviewFields} } } }
      } } }
    }`,
    { first, after },
  );
}

describe("SQL budget of Product.reviews", () => {
  test("reviews(first: 3) under N products costs the same statements for N = 1, 5 and 20", async () => {
    const runs = [];
    for (const n of [1, 5, 20]) runs.push({ n, ...(await measured(() => listing(n))) });
    const counts = runs.map((run) => run.statements);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    // The page of products, then one batched statement for every product's reviews.
    expect(counts[0]).toBe(2);

    const products = runs[2]!.data.products.edges.map((edge) => edge.node);
    expect(products).toHaveLength(20);
    // The batch really loaded reviews, for every product, capped at 3 each.
    expect(runs[0]!.data.products.edges[0]?.node.reviews.edges.length).toBeGreaterThan(0);
    for (const p of products) {
      expect(p.reviews.totalCount).toBe(p.rating.count);
      expect(p.reviews.edges.length).toBe(Math.min(3, p.rating.count));
    }
  });

  test("each review's product costs one more statement, whatever N", async () => {
    const counts = [];
    for (const n of [1, 5, 20])
      counts.push((await measured(() => listing(n, "rating authorName product { name }"))).statements);
    expect(counts).toEqual([3, 3, 3]);
  });

  test("a second page (after a cursor) under N products is batched the same way", async () => {
    const { data } = await measured(() => listing(20));
    const after =
      data.products.edges
        .map((edge) => edge.node.reviews.pageInfo.endCursor)
        .find((cursor) => cursor !== null) ?? null;
    expect(after).not.toBeNull();
    const counts = [];
    for (const n of [1, 5, 20])
      counts.push((await measured(() => listing(n, "rating authorName", after))).statements);
    expect(counts).toEqual([2, 2, 2]);
  });
});
