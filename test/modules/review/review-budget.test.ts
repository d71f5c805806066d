import { seedDemoShop } from "../../../src/db/seed/demo-shop";
import { measured } from "../../helpers/sql-budget";
import { useTestApp, type GraphQLResponse } from "../../helpers/test-app";

const t = useTestApp();

beforeAll(async () => {
  await seedDemoShop(t.db.prisma, t.logger, "USD");
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
    for (const n of [1, 5, 20]) runs.push({ n, ...(await measured(t, () => listing(n))) });
    const counts = runs.map((run) => run.statements);
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
    // The page of products with every product's reviews: one statement (look-ahead loading).
    expect(counts[0]).toBe(1);

    const products = runs[2]!.data.products.edges.map((edge) => edge.node);
    expect(products).toHaveLength(20);
    // The batch really loaded reviews, for every product, capped at 3 each.
    expect(runs[0]!.data.products.edges[0]?.node.reviews.edges.length).toBeGreaterThan(0);
    for (const p of products) {
      expect(p.reviews.totalCount).toBe(p.rating.count);
      expect(p.reviews.edges.length).toBe(Math.min(3, p.rating.count));
    }
  });

  test("each review's product costs nothing more: the listed products are primed", async () => {
    const counts = [];
    for (const n of [1, 5, 20])
      counts.push((await measured(t, () => listing(n, "rating authorName product { name }"))).statements);
    expect(counts).toEqual([1, 1, 1]);
  });

  test("a second page (after a cursor) under N products is read with them the same way", async () => {
    const { data } = await measured(t, () => listing(20));
    const after =
      data.products.edges
        .map((edge) => edge.node.reviews.pageInfo.endCursor)
        .find((cursor) => cursor !== null) ?? null;
    expect(after).not.toBeNull();
    const counts = [];
    for (const n of [1, 5, 20])
      counts.push((await measured(t, () => listing(n, "rating authorName", after))).statements);
    expect(counts).toEqual([1, 1, 1]);
  });
});
