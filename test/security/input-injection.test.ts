import { dataOf, expectError, globalId, registerOk, type Account } from "../accounts/account-flows";
import {
  createCategoryOk,
  createProductOk,
  productInput,
  staffToken,
  type ProductData,
} from "../catalog/catalog-flows";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";
import {
  addToCart,
  cartWith,
  checkout,
  checkoutInput,
  updateCartLine,
  type CartData,
  type SeededVariant,
} from "../orders/order-flows";
import { expectNulRefused, snapshot, type DataSnapshot } from "./hostile-flows";

/**
 * Issue 6 § 7: SQL, LIKE wildcards, quotes and NUL characters in `search`, slugs and
 * filters; page sizes and quantities out of range. None may reach the database as code,
 * match everything, or answer 5xx: each is an empty result or BAD_USER_INPUT naming the field.
 */

let t: TestApp;
let staff: string;
let customer: Account;
let lamp: ProductData;
let desk: ProductData;
let cart: CartData;
let baseline: DataSnapshot;

beforeAll(async () => {
  t = await startTestApp();
  staff = await staffToken(t);
  const lighting = await createCategoryOk(t, staff, { name: "Lighting", slug: "lighting" });
  lamp = await createProductOk(t, staff, {
    name: "Brass Lamp",
    slug: "brass-lamp",
    description: "A reading lamp of brushed brass.",
    categoryId: lighting.id,
  });
  desk = await createProductOk(t, staff, {
    name: "Walnut Desk",
    slug: "walnut-desk",
    description: "A desk of oiled walnut.",
  });
  customer = await registerOk(t);
  const variant: SeededVariant = { key: "", id: lamp.variants[0]!.id, sku: lamp.variants[0]!.sku };
  cart = await cartWith(t, customer.token, [[variant, 2]]);
  baseline = await snapshot(t);
});
afterAll(async () => {
  await t.close();
});

const search = (
  text: string,
): Promise<GraphQLResponse<{ products: { totalCount: number; edges: { node: { id: string } }[] } }>> =>
  t.graphql(
    "query ($search: String) { products(first: 100, search: $search) { totalCount edges { node { id } } } }",
    { search: text },
  );

describe("search", () => {
  test.each([
    ["%"],
    ["_"],
    ["%%"],
    ["%_%"],
    ["*"],
    ["\\"],
    ["'"],
    ['"'],
    ["'; DROP TABLE products; --"],
    ["' OR '1'='1"],
    ["' OR 1=1 --"],
    ["1; DELETE FROM users"],
    ["$$ OR $$"],
    ["! & | <-> :*"],
  ])("%j matches nothing (and drops nothing)", async (text) => {
    expect(await search(text)).toEqual({ status: 200, data: { products: { totalCount: 0, edges: [] } } });
  });

  test.each([
    ["lamp%", "lamp"],
    ["%lamp%", "lamp"],
    ["walnut_", "desk"],
    ["lamp' OR '1'='1", "lamp"],
    ["brass'); DROP TABLE products; --", "none"],
  ])("%j matches only what its words match", async (text, expected) => {
    const ids = expected === "lamp" ? [lamp.id] : expected === "desk" ? [desk.id] : [];
    expect(await search(text)).toEqual({
      status: 200,
      data: { products: { totalCount: ids.length, edges: ids.map((id) => ({ node: { id } })) } },
    });
  });

  test("a NUL character: BAD_USER_INPUT naming search", async () => {
    const response = await search("lamp\u0000");
    expectError(response, "BAD_USER_INPUT", "search");
    expect(response.errors?.[0]?.message).toBe("search must not contain NUL characters.");
    // Refused before anything runs.
    expect(response.status).toBe(400);
  });

  test("10 KB of search: BAD_USER_INPUT naming search", async () => {
    const response = await search("lamp ".repeat(2048));
    expectError(response, "BAD_USER_INPUT", "search");
    expect(response.errors?.[0]?.message).toBe("Invalid input: search must be at most 200 characters.");
  });
});

describe("lookups by slug are exact", () => {
  const product = (slug: string): Promise<GraphQLResponse<{ product: { id: string } | null }>> =>
    t.graphql("query ($slug: String) { product(slug: $slug) { id } }", { slug });
  const category = (slug: string): Promise<GraphQLResponse<{ category: { slug: string } | null }>> =>
    t.graphql("query ($slug: String) { category(slug: $slug) { slug } }", { slug });

  test("the real slugs find their rows", async () => {
    expect(await product("brass-lamp")).toEqual({ status: 200, data: { product: { id: lamp.id } } });
    expect(await category("lighting")).toEqual({ status: 200, data: { category: { slug: "lighting" } } });
  });

  test.each([
    "%",
    "_",
    "brass_lamp",
    "brass%",
    "%lamp",
    "BRASS-LAMP",
    "brass-lamp' OR '1'='1",
    "' OR 1=1 --",
  ])("product(slug: %j) is null", async (slug) => {
    expect(await product(slug)).toEqual({ status: 200, data: { product: null } });
  });

  test.each(["%", "_", "light%", "lightin_", "' OR '1'='1"])("category(slug: %j) is null", async (slug) => {
    expect(await category(slug)).toEqual({ status: 200, data: { category: null } });
  });

  test("a NUL character in product(slug): BAD_USER_INPUT naming slug", async () => {
    expectNulRefused(await product("brass-lamp\u0000"), "slug");
  });

  test("a NUL character in category(slug): BAD_USER_INPUT naming slug", async () => {
    expectNulRefused(await category("\u0000"), "slug");
  });
});

describe("filters", () => {
  const list = (
    filter: Record<string, unknown>,
  ): Promise<GraphQLResponse<{ products: { totalCount: number } }>> =>
    t.graphql("query ($filter: ProductFilter) { products(filter: $filter) { totalCount } }", { filter });

  test.each(["%", "' OR '1'='1", "\u0000", globalId("Category", "%"), globalId("Category", "' OR 1=1 --")])(
    "filter.categoryId %j: BAD_USER_INPUT naming filter.categoryId",
    async (categoryId) => {
      const response = await list({ categoryId });
      expectError(response, "BAD_USER_INPUT", "filter.categoryId");
      expect(response.errors?.[0]?.message).toBe(
        categoryId.includes("\u0000")
          ? "filter.categoryId must not contain NUL characters."
          : "filter.categoryId is not a valid Category id.",
      );
    },
  );

  test.each(["1; DROP TABLE products; --", "%", "' OR '1'='1", "1e400"])(
    "filter.minPrice %j: 400 BAD_USER_INPUT naming filter.minPrice",
    async (minPrice) => {
      const response = await list({ minPrice });
      expect(response.status).toBe(400);
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
      expect(response.errors?.[0]?.message).toContain("minPrice");
    },
  );

  test("a value holding '; ' is quoted whole or not at all, never cut at its own semicolon", async () => {
    const minPrice = "abc; DROP TABLE products; xyz --";
    const message = (await list({ minPrice })).errors?.[0]?.message ?? "";
    const quotedWhole = message.includes(JSON.stringify(minPrice));
    const quotedPart = minPrice.split("; ").some((part) => message.includes(part));
    expect({ message, cut: quotedPart && !quotedWhole }).toEqual({ message, cut: false });
  });
});

describe("page sizes: BAD_USER_INPUT naming first (cost analysis costs them at 100, so validation answers)", () => {
  const connections: [string, string][] = [
    ["products", "query ($n: Int) { products(first: $n) { totalCount } }"],
    [
      "category.products",
      'query ($n: Int) { category(slug: "lighting") { products(first: $n) { totalCount } } }',
    ],
    [
      "product.reviews",
      'query ($n: Int) { product(slug: "brass-lamp") { reviews(first: $n) { totalCount } } }',
    ],
    ["me.orders", "query ($n: Int) { me { orders(first: $n) { totalCount } } }"],
  ];
  const cases = connections.flatMap(([name, query]) =>
    (
      [
        [1_000_000, "first must be at most 100"],
        [101, "first must be at most 100"],
        [0, "first must be at least 1"],
        [-1, "first must be at least 1"],
        [-2147483648, "first must be at least 1"],
      ] as const
    ).map(([first, reason]) => [name, first, query, reason] as const),
  );

  test.each(cases)("%s(first: %i)", async (_name, first, query, reason) => {
    const response = await t.graphql(query, { n: first }, { token: customer.token });
    expect(response.status).toBe(200);
    expect(response.errors).toEqual([
      expect.objectContaining({
        message: `Invalid input: ${reason}.`,
        extensions: { code: "BAD_USER_INPUT", field: "first", fields: [{ field: "first", message: reason }] },
      }),
    ]);
  });

  test("first beyond a 32-bit Int: 400 BAD_USER_INPUT naming the variable", async () => {
    const response = await t.graphql("query ($first: Int) { products(first: $first) { totalCount } }", {
      first: 2 ** 31,
    });
    expect(response.status).toBe(400);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
    expect(response.errors?.[0]?.message).toContain('"$first"');
  });
});

describe("cart quantities", () => {
  test.each([
    [-1, "quantity must be at least 1"],
    [0, "quantity must be at least 1"],
    [-2147483648, "quantity must be at least 1"],
    [100, "quantity must be at most 99"],
  ])("addToCart(quantity: %i): BAD_USER_INPUT naming quantity", async (quantity, reason) => {
    const response = await addToCart(t, customer.token, {
      cartId: cart.id,
      variantId: lamp.variants[0]!.id,
      quantity,
    });
    expectError(response, "BAD_USER_INPUT", "quantity");
    expect(response.errors?.[0]?.message).toBe(`Invalid input: ${reason}.`);
  });

  test.each([
    [-3, "quantity must be at least 1"],
    [0, "quantity must be at least 1"],
    [100, "quantity must be at most 99"],
  ])("updateCartLine(quantity: %i): BAD_USER_INPUT naming quantity", async (quantity, reason) => {
    const response = await updateCartLine(t, customer.token, {
      cartId: cart.id,
      lineId: cart.lines[0]!.id,
      quantity,
    });
    expectError(response, "BAD_USER_INPUT", "quantity");
    expect(response.errors?.[0]?.message).toBe(`Invalid input: ${reason}.`);
  });
});

describe("NUL characters in written text: BAD_USER_INPUT, never a masked database error", () => {
  test("createProduct name", async () => {
    const response = await t.graphql(
      "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }",
      { input: productInput({ name: "Lamp\u0000" }) },
      { token: staff },
    );
    expectNulRefused(response, "name");
  });

  test("createCategory name", async () => {
    const response = await t.graphql(
      "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }",
      { input: { name: "Nul\u0000" } },
      { token: staff },
    );
    expectNulRefused(response, "name");
  });

  test("checkout shippingAddress.fullName", async () => {
    const input = checkoutInput(cart.id, {
      shippingAddress: {
        fullName: "Ada\u0000",
        line1: "1 Main St",
        city: "Springfield",
        postalCode: "12345",
        country: "US",
      },
    });
    expectNulRefused(await checkout(t, customer.token, input), "fullName");
  });
});

describe("after the hostile requests", () => {
  test("a normal request still works and no data changed", async () => {
    const page = dataOf(await search("brass lamp")).products;
    expect(page.edges.map((edge) => edge.node.id)).toEqual([lamp.id]);
    expect(await snapshot(t)).toEqual(baseline);
  });
});
