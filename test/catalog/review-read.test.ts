import { randomUUID } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  dataOf,
  expectError,
  globalId,
  grantRoles,
  registerOk,
  type Account,
} from "../accounts/account-flows";
import {
  addReview,
  buyer,
  createProduct,
  productReviews,
  reviewFields,
  type ReviewData,
  type ReviewPageData,
  type TestProduct,
} from "./review-flows";

let t: TestApp;
let product: TestProduct;
let reviewer: Account;
let staff: Account;

/** Reviews written straight to the database, so tests choose their times (and ties). */
async function insertReviews(target: TestProduct, createdAts: Date[]): Promise<void> {
  for (const [index, createdAt] of createdAts.entries()) {
    const user = await t.db.prisma.user.create({
      data: {
        email: `reader.${randomUUID()}@example.com`,
        name: `Reader ${index}`,
        passwordHash: "not-a-hash",
      },
    });
    await t.db.prisma.review.create({
      data: {
        productId: target.key,
        userId: user.id,
        rating: (index % 5) + 1,
        title: `Review ${index}`,
        body: "Fine.",
        authorName: user.name,
        createdAt,
      },
    });
  }
  await t.db.prisma.product.update({
    where: { id: target.key },
    data: { ratingCount: { increment: createdAts.length } },
  });
}

async function allPages(target: TestProduct, first: number): Promise<ReviewData[][]> {
  const pages: ReviewData[][] = [];
  let after: string | null = null;
  for (;;) {
    const page: ReviewPageData = dataOf(await productReviews(t, target.id, { first, after })).product!
      .reviews;
    pages.push(page.edges.map((edge) => edge.node));
    expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!page.pageInfo.hasNextPage) return pages;
    after = page.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  t = await startTestApp();
  product = await createProduct(t);
  const base = Date.parse("2026-01-10T12:00:00.000Z");
  // Three share one instant: the id must break the tie so no page repeats or skips one.
  const times = [0, 1, 1, 1, 2, 3, 4].map((minutes) => new Date(base + minutes * 60_000));
  await insertReviews(product, times);
  reviewer = await buyer(t, product, "Ada Reviewer");
  dataOf(await addReview(t, reviewer.token, { productId: product.id, rating: 5 }));
  staff = await registerOk(t);
  await grantRoles(t, staff, ["STAFF"]);
});
afterAll(async () => {
  await t.close();
});

describe("Product.reviews paging", () => {
  test("pages of 2 cover every review exactly once, newest first", async () => {
    const pages = await allPages(product, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 2]);
    const reviews = pages.flat();
    expect(new Set(reviews.map((review) => review.id)).size).toBe(8);
    expect(reviews[0]?.authorName).toBe("Ada Reviewer");
    const times = reviews.map((review) => Date.parse(review.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  test("totalCount is the product's review count on every page", async () => {
    const first = dataOf(await productReviews(t, product.id, { first: 2 })).product!;
    expect(first.reviews.totalCount).toBe(8);
    expect(first.rating.count).toBe(8);
    const second = dataOf(
      await productReviews(t, product.id, { first: 2, after: first.reviews.pageInfo.endCursor }),
    ).product!;
    expect(second.reviews.totalCount).toBe(8);
  });

  test("a review added between pages neither repeats nor shifts later pages", async () => {
    const target = await createProduct(t);
    await insertReviews(
      target,
      [1, 2, 3, 4, 5].map((minutes) => new Date(Date.parse("2026-02-01T00:00:00.000Z") + minutes * 60_000)),
    );
    const page1 = dataOf(await productReviews(t, target.id, { first: 2 })).product!.reviews;
    const newcomer = await buyer(t, target);
    dataOf(await addReview(t, newcomer.token, { productId: target.id }));
    const rest = dataOf(await productReviews(t, target.id, { first: 10, after: page1.pageInfo.endCursor }))
      .product!.reviews;
    const seen = [...page1.edges, ...rest.edges].map((edge) => edge.node.title);
    expect(seen).toEqual(["Review 4", "Review 3", "Review 2", "Review 1", "Review 0"]);
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  test("a product without reviews has an empty connection", async () => {
    const empty = await createProduct(t);
    expect(dataOf(await productReviews(t, empty.id)).product).toEqual({
      rating: { average: null, count: 0 },
      reviews: {
        totalCount: 0,
        edges: [],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      },
    });
  });

  test("edge cursors and pageInfo cursors agree", async () => {
    const page = dataOf(await productReviews(t, product.id, { first: 3 })).product!.reviews;
    expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor);
    expect(page.pageInfo.endCursor).toBe(page.edges[2]?.cursor);
    const next = dataOf(await productReviews(t, product.id, { first: 1, after: page.edges[1]!.cursor }))
      .product!.reviews;
    expect(next.edges[0]?.node.id).toBe(page.edges[2]?.node.id);
  });
});

describe("Product.reviews bad arguments", () => {
  test.each([
    ["garbage", "not-a-cursor"],
    [
      "a tampered signature",
      "WyJyZXZpZXdzIiwiMjAyNi0wMS0xMFQxMjowMDowMC4wMDBaIiwiMDAwIl0.AAAAAAAAAAAAAAAAAAAAAA",
    ],
    ["an empty string", ""],
  ])("%s as `after` is BAD_USER_INPUT naming after", async (_label, after) => {
    const res = await productReviews(t, product.id, { first: 2, after });
    expectError(res, "BAD_USER_INPUT", "after");
    expect(res.errors?.[0]?.path).toEqual(["product", "reviews"]);
  });

  test("a cursor of the product list is refused for reviews", async () => {
    const listing = dataOf(
      await t.graphql<{ products: { pageInfo: { endCursor: string } } }>(
        "{ products(first: 1) { pageInfo { endCursor } } }",
      ),
    );
    expectError(
      await productReviews(t, product.id, { first: 2, after: listing.products.pageInfo.endCursor }),
      "BAD_USER_INPUT",
      "after",
    );
  });

  test.each([0, 101])("first: %i is BAD_USER_INPUT", async (first) => {
    expectError(await productReviews(t, product.id, { first }), "BAD_USER_INPUT");
  });
});

describe("node(id) for Review", () => {
  const query = `query ($id: ID!) { node(id: $id) { __typename id ... on Review { ${reviewFields} product { id name } } } }`;

  test("returns the review with its product", async () => {
    const first = dataOf(await productReviews(t, product.id, { first: 1 })).product!.reviews.edges[0]!.node;
    const res = await t.graphql<{ node: Record<string, unknown> | null }>(query, { id: first.id });
    expect(dataOf(res).node).toEqual({
      __typename: "Review",
      ...first,
      product: { id: product.id, name: product.name },
    });
  });

  test("a review that does not exist is null", async () => {
    expect(dataOf(await t.graphql(query, { id: globalId("Review", randomUUID()) }))).toEqual({ node: null });
  });

  test("a review of an archived product is null for customers and shown to staff", async () => {
    const archived = await createProduct(t);
    await insertReviews(archived, [new Date()]);
    const id = dataOf(await productReviews(t, archived.id, { first: 1 })).product!.reviews.edges[0]!.node.id;
    await t.db.prisma.product.update({ where: { id: archived.key }, data: { archivedAt: new Date() } });
    expect(dataOf(await t.graphql(query, { id }, { token: reviewer.token }))).toEqual({ node: null });
    expect(dataOf(await t.graphql(query, { id }))).toEqual({ node: null });
    const forStaff = dataOf(
      await t.graphql<{ node: { id: string } | null }>(query, { id }, { token: staff.token }),
    );
    expect(forStaff.node?.id).toBe(id);
  });
});
