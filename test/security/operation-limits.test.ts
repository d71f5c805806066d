import { dataOf } from "../accounts/account-flows";
import { createCategoryOk, staffToken } from "../catalog/catalog-flows";
import {
  addReview,
  buyer,
  createProduct as reviewableProduct,
  type TestProduct,
} from "../catalog/review-flows";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";
import {
  aliased,
  categoryChain,
  expectTooComplex,
  reviewCycle,
  snapshot,
  type DataSnapshot,
} from "./hostile-flows";

/**
 * Issue 6 § 1 and § 7: operations too deep, too wide or too expensive are refused before
 * they run, with HTTP 400, QUERY_TOO_COMPLEX and a message naming the limit and the
 * overage (defaults: depth 12, aliases 30, root fields 20, directives 20, tokens 5000,
 * cost 20000). Limits are inclusive: the maximum itself is allowed.
 */

let t: TestApp;
let baseline: DataSnapshot;
/** Slugs of a category chain root → … → level 5 (the deepest categories may nest). */
const chain: string[] = [];
let product: TestProduct;

beforeAll(async () => {
  t = await startTestApp();
  const staff = await staffToken(t);
  let parentId: string | null = null;
  for (let level = 1; level <= 5; level++) {
    const category = await createCategoryOk(t, staff, { name: `Level ${level}`, parentId });
    chain.push(category.slug);
    parentId = category.id;
  }
  product = await reviewableProduct(t);
  const reviewer = await buyer(t, product);
  dataOf(await addReview(t, reviewer.token, { productId: product.id }));
  baseline = await snapshot(t);
});
afterAll(async () => {
  await t.close();
});

/** What `categoryChain(depth)` answers over the seeded chain: each level's slug, the last with no children. */
function chainAnswer(levels: string[]): unknown {
  const [slug, ...below] = levels;
  return { slug, children: below.length > 0 ? [chainAnswer(below)] : [] };
}

describe("depth (maxDepth 12)", () => {
  test("categories { children { … } } 12 deep is answered in full", async () => {
    const response = await t.graphql(categoryChain(12));
    expect(response).toEqual({ status: 200, data: { categories: [chainAnswer(chain)] } });
  });

  test.each([13, 14, 40])(
    "categories { children { … } } %i deep: 400 QUERY_TOO_COMPLEX naming maxDepth",
    async (depth) => {
      expectTooComplex(await t.graphql(categoryChain(depth)), "maxDepth", depth, 12, "depth");
    },
  );

  test("the products → reviews → product cycle 12 deep is answered", async () => {
    const response = await t.graphql(reviewCycle(12));
    const hop = (inner: unknown): unknown => ({ reviews: { edges: [{ node: { product: inner } }] } });
    expect(response).toEqual({
      status: 200,
      data: { products: { edges: [{ node: hop(hop({ id: product.id })) }] } },
    });
  });

  test.each([13, 25])("the products → reviews → product cycle %i deep is refused", async (depth) => {
    expectTooComplex(await t.graphql(reviewCycle(depth)), "maxDepth", depth, 12, "depth");
  });

  test("depth hidden in a chain of named fragments counts the same", async () => {
    const fragments = Array.from({ length: 11 }, (_, i) =>
      i < 10
        ? `fragment F${i} on Category { children { ...F${i + 1} } }`
        : `fragment F${i} on Category { children { slug } }`,
    );
    const response = await t.graphql(`{ categories { ...F0 } } ${fragments.join(" ")}`);
    expectTooComplex(response, "maxDepth", 13, 12, "depth");
  });

  test("introspection is bounded by the schema, not the client: a deep introspection query is answered", async () => {
    const response = await t.graphql(
      `{ __schema { types { fields { type { ${"ofType { ".repeat(9)}name${" }".repeat(9)} } } } } }`,
    );
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
  });
});

describe("aliases (maxAliases 30)", () => {
  test("1,000 aliases of __typename (3,002 tokens, under the token limit) are refused by the alias limit", async () => {
    expectTooComplex(
      await t.graphql(`{ ${aliased(1000, "__typename")} }`),
      "maxAliases",
      1000,
      30,
      "aliases",
    );
  });

  test("1,000 aliases of a lookup (10,002 tokens) are refused earlier, by the parser's token limit", async () => {
    const response = await t.graphql(`{ ${aliased(1000, 'product(slug: "x") { id }')} }`);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.message).toBe(
      "Syntax Error: Document contains more that 5000 tokens. Parsing aborted.",
    );
    expect(response.errors?.[0]?.extensions).toEqual({ code: "QUERY_TOO_COMPLEX" });
  });

  test("31 aliases: 400 QUERY_TOO_COMPLEX naming maxAliases, over by 1", async () => {
    expectTooComplex(
      await t.graphql(`{ categories { ${aliased(31, "slug")} } }`),
      "maxAliases",
      31,
      30,
      "aliases",
    );
  });

  test("30 aliases are answered", async () => {
    const response = await t.graphql(`{ categories { ${aliased(30, "slug")} } }`);
    const row = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a${i}`, chain[0]]));
    expect(response).toEqual({ status: 200, data: { categories: [row] } });
  });

  test("31 aliased register mutations are refused before any runs: no account is created", async () => {
    const register =
      'register(input: { email: "alias.flood@example.com", password: "long enough pw", name: "Flood" }) { token }';
    expectTooComplex(
      await t.graphql(`mutation { ${aliased(31, register)} }`),
      "maxAliases",
      31,
      30,
      "aliases",
    );
    expect(await t.db.prisma.user.count({ where: { email: "alias.flood@example.com" } })).toBe(0);
  });
});

describe("root fields (maxRootFields 20) and directives (maxDirectives 20)", () => {
  test("21 root fields are refused, 20 answered", async () => {
    expectTooComplex(
      await t.graphql(`{ ${"__typename ".repeat(21)}}`),
      "maxRootFields",
      21,
      20,
      "root fields",
    );
    expect(await t.graphql(`{ ${"__typename ".repeat(20)}}`)).toEqual({
      status: 200,
      data: { __typename: "Query" },
    });
  });

  test("21 directives are refused, 20 answered", async () => {
    expectTooComplex(
      await t.graphql(`{ me { ${"id @skip(if: false) ".repeat(21)}} }`),
      "maxDirectives",
      21,
      20,
      "directives",
    );
    expect(await t.graphql(`{ me { ${"id @skip(if: false) ".repeat(20)}} }`)).toEqual({
      status: 200,
      data: { me: null },
    });
  });
});

describe("tokens (maxTokens 5000, counted by the parser)", () => {
  const tokenLimited = (response: GraphQLResponse<unknown>): void => {
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => [error.message, error.extensions])).toEqual([
      [
        "Syntax Error: Document contains more that 5000 tokens. Parsing aborted.",
        { code: "QUERY_TOO_COMPLEX" },
      ],
    ]);
  };

  test("6,005 tokens in 18 KB: 400 QUERY_TOO_COMPLEX from the parser", async () => {
    tokenLimited(await t.graphql(`{ me { ${"id ".repeat(6000)}} }`));
  });

  test("5,001 tokens are refused; 5,000 get past the parser", async () => {
    tokenLimited(await t.graphql(`{ me { ${"id ".repeat(4996)}} }`));
    // 4,995 copies of one field then meet graphql-js's own budget for comparing duplicate
    // fields: still a 400 before anything runs, never a 5xx.
    const atLimit = await t.graphql(`{ me { ${"id ".repeat(4995)}} }`);
    expect(atLimit.status).toBe(400);
    expect(atLimit.errors).toEqual([
      { message: "Validation aborted.", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } },
    ]);
  });
});

describe("query cost (maxQueryCost 20000)", () => {
  const heavy = (first: string): string =>
    `{ products(first: ${first}) { edges { node { reviews(first: ${first}) { edges { node { id } } } } } } }`;
  const expectCostRefused = (response: GraphQLResponse<unknown>): void => {
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toEqual([
      {
        message: "The operation costs 30300 points; at most 20000 are allowed per request (over by 10300).",
        extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxQueryCost", actual: 30300, maximum: 20000 },
      },
    ]);
  };

  test("100 products × 100 reviews costs 100 × (1 + 1 + 1 + 100 × 3) = 30300: refused naming maxQueryCost", async () => {
    expectCostRefused(await t.graphql(heavy("100")));
  });

  test("the page size is read from variables too", async () => {
    expectCostRefused(await t.graphql(heavy("$n").replace("{", "query ($n: Int) {"), { n: 100 }));
  });

  test("a page size beyond 100 is costed at 100, so the cost limit cannot be inflated past its answer", async () => {
    expectCostRefused(await t.graphql(heavy("1000000")));
  });

  test("a normal response reports what it cost", async () => {
    const response = await t.graphql(`{ products(first: 10) { edges { node { id } } } }`);
    expect(response).toEqual({ status: 200, data: { products: { edges: [{ node: { id: product.id } }] } } });
    expect(response.extensions?.cost).toMatchObject({
      requested: 30,
      capacity: 100_000,
      restoreRate: 10_000,
    });
    expect(response.extensions?.cost?.remaining).toBeLessThanOrEqual(100_000 - 30);
  });
});

describe("after the hostile requests", () => {
  test("a normal request still works and no data changed", async () => {
    expect(await t.graphql(`{ category(slug: "${chain[4]}") { slug parent { slug } } }`)).toEqual({
      status: 200,
      data: { category: { slug: chain[4], parent: { slug: chain[3] } } },
    });
    expect(await snapshot(t)).toEqual(baseline);
  });
});
