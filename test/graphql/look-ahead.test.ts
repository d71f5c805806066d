import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import fc from "fast-check";
import * as sdk from "../../client";
import manifest from "../../client/generated/persisted-documents.json";
import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { accountWithRoles, registerOk, type Account } from "../helpers/accounts";
import { addToCart, createCart } from "../helpers/carts";
import { placeOrder } from "../helpers/orders";
import { dataOf } from "../helpers/results";
import { startNodeOn, useTestApp, type GraphQLResponse, type TestNode } from "../helpers/test-app";
import { createWebhookEndpoint, webhookTestEnv } from "../helpers/webhooks";

/**
 * Look-ahead loading must never change an answer. The same database is served by two nodes,
 * one with look-ahead (the default) and one with `BAZAAR_LOOKAHEAD=false` (every relation
 * through the loaders). Every query operation of the SDK (client/operations) and a few
 * hundred random product selections run on both: the answers must be equal, and look-ahead
 * must never send more statements.
 */

const env = {
  ...webhookTestEnv,
  BAZAAR_CURSOR_SECRET: "look-ahead-test",
  BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
};
const t = useTestApp(env);
let loadersOnly: TestNode;
let admin: Account;
let customer: Account;
const ids = {
  cart: "",
  order: "",
  product: "",
  productSlug: "",
  category: "",
  categorySlug: "",
  endpoint: "",
};
let slugs: string[] = [];

beforeAll(async () => {
  loadersOnly = await startNodeOn(t, { ...env, BAZAAR_LOOKAHEAD: "false" });
  await seedDemoShop(t.db.prisma, t.logger, "USD");
  [admin, customer] = [await accountWithRoles(t, ["ADMIN"]), await registerOk(t)];
  const listed = dataOf(await t.graphql(sdk.ProductListDocument, { first: 100 })).products.edges.map(
    (edge) => edge.node,
  );
  slugs = listed.map((product) => product.slug);
  const reviewed = listed.find((product) => product.rating.count >= 2 && product.category?.parent)!;
  const category = await t.db.prisma.category.findFirstOrThrow({ where: { parentId: null } });
  Object.assign(ids, {
    product: reviewed.id,
    productSlug: reviewed.slug,
    category: reviewed.category!.parent!.id,
    categorySlug: category.slug,
  });
  const variant = { id: reviewed.variants[0]!.id };
  ids.order = (await placeOrder(t, customer.token, [[variant, 1]])).id;
  const cart = await createCart(t, customer.token);
  dataOf(await addToCart(t, customer.token, { cartId: cart.id, variantId: variant.id, quantity: 2 }));
  ids.cart = cart.id;
  ids.endpoint = dataOf(
    await createWebhookEndpoint(t, admin.token, { url: "http://127.0.0.1:9/hook", events: ["ORDER_PAID"] }),
  ).createWebhookEndpoint.endpoint.id;
});
afterAll(() => loadersOnly?.close());

interface Run {
  body: Pick<GraphQLResponse<unknown>, "data" | "errors">;
  statements: number;
}

type AnyDocument = TypedDocumentNode<unknown, Record<string, unknown>>;
type Request = [query: string | AnyDocument, variables: Record<string, unknown>, options: { token?: string }];

async function runOn(node: Pick<TestNode, "graphql">, ...[query, variables, options]: Request): Promise<Run> {
  const before = t.db.statements.count;
  const { data, errors }: GraphQLResponse<unknown> =
    typeof query === "string"
      ? await node.graphql(query, variables, options)
      : await node.graphql(query, variables, options);
  return { body: { data, errors }, statements: t.db.statements.count - before };
}

/** Runs the request on both nodes: the same answer, and no more statements with look-ahead. */
async function expectSameOnBothPaths(...request: Request): Promise<Run> {
  const withLookAhead = await runOn(t, ...request);
  const throughLoaders = await runOn(loadersOnly, ...request);
  expect(withLookAhead.body).toEqual(throughLoaders.body);
  expect(withLookAhead.statements).toBeLessThanOrEqual(throughLoaders.statements);
  return withLookAhead;
}

const op = (document: unknown, variables: Record<string, unknown>, token?: string): Request => [
  document as AnyDocument,
  variables,
  { token },
];

/** Each query of the SDK, with variables that make it read real data (several for the catalog's). */
const cases: [string, () => Request][] = [
  ["Me", () => op(sdk.MeDocument, {}, customer.token)],
  ["ApiClients", () => op(sdk.ApiClientsDocument, {}, admin.token)],
  ["AuditLog", () => op(sdk.AuditLogDocument, { first: 5 }, admin.token)],
  ["Cart", () => op(sdk.CartDocument, { id: ids.cart }, customer.token)],
  ["ProductList", () => op(sdk.ProductListDocument, { first: 12 })],
  ["ProductList", () => op(sdk.ProductListDocument, { first: 7, sortBy: "PRICE_ASC" }, admin.token)],
  ["ProductList", () => op(sdk.ProductListDocument, { first: 10, filter: { categoryId: ids.category } })],
  ["SearchProducts", () => op(sdk.SearchProductsDocument, { search: "wool", first: 5 })],
  ["ProductBySlug", () => op(sdk.ProductBySlugDocument, { slug: ids.productSlug, reviewsFirst: 1 })],
  ["ProductBySlug", () => op(sdk.ProductBySlugDocument, { slug: "no-such-product" })],
  ["CategoryTree", () => op(sdk.CategoryTreeDocument, {})],
  ["CategoryPage", () => op(sdk.CategoryPageDocument, { slug: ids.categorySlug, first: 4 })],
  ["Order", () => op(sdk.OrderDocument, { id: ids.order }, customer.token)],
  ["MyOrders", () => op(sdk.MyOrdersDocument, { first: 5 }, customer.token)],
  ["DiscountCodes", () => op(sdk.DiscountCodesDocument, { first: 5 }, admin.token)],
  ["ShippingZones", () => op(sdk.ShippingZonesDocument, {}, admin.token)],
  ["TaxClasses", () => op(sdk.TaxClassesDocument, {}, admin.token)],
  ["ProductTaxClass", () => op(sdk.ProductTaxClassDocument, { id: ids.product }, admin.token)],
  [
    "CheckoutQuote",
    () =>
      op(
        sdk.CheckoutQuoteDocument,
        { input: { cartId: ids.cart, country: "US", region: "NY" } },
        customer.token,
      ),
  ],
  ["StaffOrders", () => op(sdk.StaffOrdersDocument, { first: 5 }, admin.token)],
  ["WebhookEndpoints", () => op(sdk.WebhookEndpointsDocument, {}, admin.token)],
  ["WebhookDeliveries", () => op(sdk.WebhookDeliveriesDocument, { endpointId: ids.endpoint }, admin.token)],
];

describe("every query of the SDK answers the same on both paths", () => {
  test.each(cases)("%s", async (_name, request) => {
    const run = await expectSameOnBothPaths(...request());
    expect(run.body.errors).toBeUndefined();
  });

  test("the cases cover every query operation in the SDK's manifest", () => {
    const queries = Object.values(manifest as Record<string, string>)
      .map((text) => /(?:^| )query (\w+)/.exec(text)?.[1])
      .filter((name): name is string => name !== undefined);
    expect(new Set(queries)).toEqual(new Set(cases.map(([name]) => name)));
  });
});

/** Pieces of a product selection; random subsets of them, with aliases and fragments, are compared. */
const productFieldPieces = [
  "id",
  "name slug",
  "imageUrls description",
  "category { id name parent { id name } }",
  "category { slug }",
  "variants { id sku options { name value } price { amount currencyCode } inStock }",
  "variants { name }",
  "priceRange { min { amount } max { amount } }",
  "rating { average count }",
  "reviews { totalCount edges { node { id rating authorName createdAt } } }",
  "reviews(first: 1) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } }",
  "reviews(first: 3) { edges { node { title body } } pageInfo { hasNextPage } }",
  'reviews(first: 2, after: "not-a-cursor") { totalCount }',
  "variants { product { id name category { name } } }",
];

const selectionArbitrary = fc
  .record({
    pieces: fc.uniqueArray(fc.integer({ min: 0, max: productFieldPieces.length - 1 }), {
      minLength: 1,
      maxLength: 6,
    }),
    aliased: fc.boolean(),
    inFragment: fc.boolean(),
  })
  .map(({ pieces, aliased, inFragment }) => {
    const fields = pieces.map((index, position) => {
      const piece = productFieldPieces[index]!;
      // An alias on a relation field: the same field under another name must still be primed or loaded.
      return aliased && position === 0 && /^[a-z]+ [({]/.test(piece) ? `first${position}: ${piece}` : piece;
    });
    const body = fields.join(" ");
    return inFragment ? `... on Product { ${body} }` : body;
  });

const rootArbitrary = fc.oneof(
  fc.record({
    kind: fc.constant("list" as const),
    first: fc.integer({ min: 1, max: 30 }),
    sortBy: fc.constantFrom("NEWEST", "PRICE_ASC", "NAME_ASC", "RATING_DESC"),
    inCategory: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("one" as const), slugIndex: fc.nat() }),
  // Category.products: one category's page, or every root category's, batched.
  fc.record({
    kind: fc.constant("category" as const),
    first: fc.integer({ min: 1, max: 30 }),
    all: fc.boolean(),
  }),
);

test("random product selections: the same answers on both paths, never more statements", async () => {
  await fc.assert(
    fc.asyncProperty(selectionArbitrary, rootArbitrary, async (selection, root) => {
      if (root.kind === "category") {
        const page = `products(first: $first) { edges { cursor node { ${selection} } } }`;
        await expectSameOnBothPaths(
          root.all
            ? `query ($first: Int) { categories { slug ${page} } }`
            : `query ($slug: String!, $first: Int) { category(slug: $slug) { ${page} } }`,
          root.all ? { first: root.first } : { slug: ids.categorySlug, first: root.first },
          {},
        );
      } else if (root.kind === "one") {
        const slug = slugs[root.slugIndex % slugs.length]!;
        await expectSameOnBothPaths(
          `query ($slug: String!) { product(slug: $slug) { ${selection} } }`,
          { slug },
          {},
        );
      } else {
        const filter = root.inCategory ? { categoryId: ids.category } : null;
        await expectSameOnBothPaths(
          `query ($first: Int, $sortBy: ProductSort, $filter: ProductFilter) {
             products(first: $first, sortBy: $sortBy, filter: $filter) { edges { cursor node { ${selection} } } }
           }`,
          { first: root.first, sortBy: root.sortBy, filter },
          {},
        );
      }
    }),
    { numRuns: 150, seed: 20261206 },
  );
});
