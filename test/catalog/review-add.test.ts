import { randomUUID } from "node:crypto";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { dataOf, expectError, globalId, keyOf, registerOk } from "../accounts/account-flows";
import {
  addReview,
  buyer,
  createOrder,
  createProduct,
  productReviews,
  type TestProduct,
} from "./review-flows";

let t: TestApp;
let lamp: TestProduct;

beforeAll(async () => {
  t = await startTestApp();
  lamp = await createProduct(t);
});
afterAll(async () => {
  await t.close();
});

describe("addReview: who may review", () => {
  test("a customer with a PAID order of the product reviews it; the author is their name", async () => {
    const product = await createProduct(t);
    const grace = await buyer(t, product, "Grace Hopper");
    const res = await addReview(t, grace.token, {
      productId: product.id,
      rating: 5,
      title: "  Superb  ",
      body: "Would buy again.",
    });
    const review = dataOf(res).addReview;
    expect(review).toEqual({
      id: expect.any(String),
      rating: 5,
      title: "Superb",
      body: "Would buy again.",
      authorName: "Grace Hopper",
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      product: { id: product.id, rating: { average: 5, count: 1 } },
    });
    expect(Buffer.from(review.id, "base64").toString("utf8")).toMatch(/^Review:[0-9a-f-]{36}$/);
  });

  test("a FULFILLED order entitles too", async () => {
    const product = await createProduct(t);
    const customer = await registerOk(t);
    await createOrder(t, customer, product, "FULFILLED");
    expect(dataOf(await addReview(t, customer.token, { productId: product.id })).addReview.rating).toBe(4);
  });

  test("a customer who never ordered the product is FORBIDDEN", async () => {
    const stranger = await registerOk(t);
    await createOrder(t, stranger, await createProduct(t), "PAID");
    const res = await addReview(t, stranger.token, { productId: lamp.id });
    expectError(res, "FORBIDDEN");
    expect(res.errors?.[0]?.message).toBe("Only customers who bought this product can review it.");
    expect(res.data).toBeNull();
  });

  test.each(["PENDING_PAYMENT", "CANCELLED", "REFUNDED"] as const)(
    "an order that is %s does not entitle: FORBIDDEN",
    async (status) => {
      const customer = await registerOk(t);
      await createOrder(t, customer, lamp, status);
      expectError(await addReview(t, customer.token, { productId: lamp.id }), "FORBIDDEN");
    },
  );

  test("another customer's paid order does not entitle", async () => {
    const product = await createProduct(t);
    await buyer(t, product);
    const other = await registerOk(t);
    expectError(await addReview(t, other.token, { productId: product.id }), "FORBIDDEN");
  });

  test("an anonymous caller is UNAUTHENTICATED", async () => {
    expectError(await addReview(t, undefined, { productId: lamp.id }), "UNAUTHENTICATED");
  });

  test("a second review of the same product is a CONFLICT and changes nothing", async () => {
    const product = await createProduct(t);
    const customer = await buyer(t, product);
    dataOf(await addReview(t, customer.token, { productId: product.id, rating: 2 }));
    const again = await addReview(t, customer.token, { productId: product.id, rating: 5 });
    expectError(again, "CONFLICT", "productId");
    expect(dataOf(await productReviews(t, product.id)).product?.rating).toEqual({ average: 2, count: 1 });
  });

  test("two simultaneous reviews by one customer: one succeeds, the other is a CONFLICT", async () => {
    const product = await createProduct(t);
    const customer = await buyer(t, product);
    const results = await Promise.all(
      [1, 2, 3].map((rating) => addReview(t, customer.token, { productId: product.id, rating })),
    );
    const codes = results.map((res) => res.errors?.[0]?.extensions?.code ?? "OK").sort();
    expect(codes).toEqual(["CONFLICT", "CONFLICT", "OK"]);
    expect(dataOf(await productReviews(t, product.id)).product?.reviews.totalCount).toBe(1);
  });
});

describe("addReview: which product", () => {
  test("a product that does not exist is NOT_FOUND", async () => {
    const customer = await registerOk(t);
    expectError(
      await addReview(t, customer.token, { productId: globalId("Product", randomUUID()) }),
      "NOT_FOUND",
    );
  });

  test("an archived product is NOT_FOUND, even for a customer who bought it", async () => {
    const product = await createProduct(t, { archived: true });
    const customer = await buyer(t, product);
    expectError(await addReview(t, customer.token, { productId: product.id }), "NOT_FOUND");
  });

  test.each([
    ["garbage", "not-an-id"],
    ["an id of another type", globalId("User", randomUUID())],
  ])("%s is BAD_USER_INPUT naming productId", async (_label, productId) => {
    const customer = await registerOk(t);
    expectError(await addReview(t, customer.token, { productId }), "BAD_USER_INPUT", "productId");
  });
});

describe("addReview: input rules", () => {
  let customer: Awaited<ReturnType<typeof buyer>>;
  beforeAll(async () => {
    customer = await buyer(t, lamp);
  });

  test.each([
    ["rating 0", { rating: 0 }, "rating"],
    ["rating 6", { rating: 6 }, "rating"],
    ["rating -1", { rating: -1 }, "rating"],
    ["an empty title", { title: "" }, "title"],
    ["a blank title", { title: "   \t " }, "title"],
    ["a title of 121 characters", { title: "t".repeat(121) }, "title"],
    ["an empty body", { body: "" }, "body"],
    ["a blank body", { body: "\n\n  " }, "body"],
    ["a body of 5001 characters", { body: "b".repeat(5001) }, "body"],
  ])("%s is BAD_USER_INPUT naming the field", async (_label, fields, field) => {
    expectError(
      await addReview(t, customer.token, { productId: lamp.id, ...fields }),
      "BAD_USER_INPUT",
      field,
    );
  });

  test("a fractional rating is refused by GraphQL itself (Int)", async () => {
    const res = await addReview(t, customer.token, { productId: lamp.id, rating: 4.5 });
    expect(res.errors?.length).toBe(1);
    expect(res.data ?? null).toBeNull();
  });

  test("the longest title and body are accepted, then the product has the review", async () => {
    const res = await addReview(t, customer.token, {
      productId: lamp.id,
      title: "t".repeat(120),
      body: "b".repeat(5000),
      rating: 1,
    });
    expect(dataOf(res).addReview).toMatchObject({
      title: "t".repeat(120),
      body: "b".repeat(5000),
      rating: 1,
    });
  });
});

describe("rating summary", () => {
  test("average and count follow each review, in the API and in the sortable column", async () => {
    const product = await createProduct(t);
    const ratings = [4, 5, 2];
    const expected = [
      { average: 4, count: 1 },
      { average: 4.5, count: 2 },
      { average: 3.67, count: 3 },
    ];
    for (const [index, rating] of ratings.entries()) {
      const customer = await buyer(t, product);
      const res = await addReview(t, customer.token, { productId: product.id, rating });
      expect(dataOf(res).addReview.product.rating).toEqual(expected[index]);
    }
    expect(dataOf(await productReviews(t, product.id)).product?.rating).toEqual({ average: 3.67, count: 3 });
    const row = await t.db.prisma.product.findUniqueOrThrow({ where: { id: product.key } });
    expect(row).toMatchObject({ ratingCount: 3, ratingSum: 11 });
    expect(row.ratingAverage).toBeCloseTo(11 / 3, 10);
  });

  test("simultaneous reviews by different customers are all counted", async () => {
    const product = await createProduct(t);
    const customers = await Promise.all([1, 2, 3, 4, 5].map(() => buyer(t, product)));
    const results = await Promise.all(
      customers.map((c, i) => addReview(t, c.token, { productId: product.id, rating: i + 1 })),
    );
    results.forEach((res) => dataOf(res));
    expect(dataOf(await productReviews(t, product.id)).product?.rating).toEqual({ average: 3, count: 5 });
    const row = await t.db.prisma.product.findUniqueOrThrow({ where: { id: product.key } });
    expect(row).toMatchObject({ ratingCount: 5, ratingSum: 15, ratingAverage: 3 });
  });
});

describe("authorName", () => {
  test("is the name when the review was written, and the email appears nowhere", async () => {
    const product = await createProduct(t);
    const customer = await buyer(t, product, "Katherine Johnson");
    const added = dataOf(await addReview(t, customer.token, { productId: product.id }));
    await t.db.prisma.user.update({ where: { id: keyOf(customer.user.id) }, data: { name: "K. J." } });
    const read = dataOf(await productReviews(t, product.id, {}, customer.token));
    const node = dataOf(
      await t.graphql(
        `query ($id: ID!) { node(id: $id) { ... on Review { authorName title body product { name } } } }`,
        {
          id: added.addReview.id,
        },
      ),
    );
    expect(read.product?.reviews.edges.map((edge) => edge.node.authorName)).toEqual(["Katherine Johnson"]);
    for (const json of [JSON.stringify(added), JSON.stringify(read), JSON.stringify(node)]) {
      expect(json).not.toContain(customer.email);
      expect(json).not.toContain("@");
    }
  });
});
