// The benchmark's workloads: the GraphQL document every server is sent, how each request's
// variables are chosen, and what a correct answer must contain.

import { createHash, randomUUID } from "node:crypto";
import { subscribeReceiver } from "./webhook-receiver.mjs";

/**
 * @typedef {object} Fixtures  What the workloads draw their arguments from (see fixtures.mjs).
 * @property {{ id: string, name: string }[]} categories  global ids, W1 rotates through them
 * @property {{ id: string, name: string }[]} parents  top-level categories with sub-categories, W1S rotates through them
 * @property {string[]} slugs           W2: products with 5 reviews and several variants
 * @property {string} token             W3: bearer token of a customer with orders
 * @property {string[]} variants        W4: global ids of variants in stock, on sale
 * @property {Record<string, { carts: string[], verifyCart: string }>} carts  W4: per server
 * @property {Record<string, Record<string, { carts: string[], verifyCart: string }>>} checkoutCarts  WC, W6: per workload, filled carts per server, one per request
 * @property {string[]} searches        W5 search strings
 */

/**
 * @typedef {object} Workload
 * @property {string} id
 * @property {string} title
 * @property {string} operationName
 * @property {string} query
 * @property {(i: number, fixtures: Fixtures, server: string) => Record<string, unknown>} variables  the i-th request of a run
 * @property {(fixtures: Fixtures, server: string) => Record<string, unknown>} checkVariables  the request whose answer is checksummed
 * @property {(fixtures: Fixtures) => Record<string, string>} [headers]
 * @property {(data: any) => string | null} validate  null when the answer looks right, else why not
 * @property {(data: any) => unknown} [comparable]  the part of an answer every server must return alike (default: all of it)
 * @property {boolean} [writes]     changes the database: no priming run before the cells
 * @property {boolean} [checksOutCarts]  each request checks out one of `checkoutCarts[id]`
 * @property {(context: { url: string }) => Promise<() => Promise<string>>} [setup]  runs before the
 *   workload's cells; the function it returns runs after them and says what happened meanwhile
 * @property {string[]} [skipOn]    servers that do not implement it
 */

export const storefrontNode = `name category { name parent { name } } variants { sku price { amount } inStock }
      priceRange { min { amount } } rating { average count } reviews(first: 3) { edges { node { rating authorName } } }`;

export const listingQuery = `query W1Listing($first: Int, $filter: ProductFilter) {
  products(first: $first, filter: $filter) { edges { node { ${storefrontNode} } } }
}`;

/** @type {Workload[]} */
export const workloads = [
  {
    id: "W0",
    title:
      "{ __typename }: the HTTP + GraphQL pipeline alone (no resolver, no database), the floor under every workload",
    operationName: "W0Typename",
    query: "query W0Typename { __typename }",
    variables: () => ({}),
    checkVariables: () => ({}),
    validate: (data) => (data?.__typename === "Query" ? null : `expected Query, got ${data?.__typename}`),
  },
  listingWorkload(
    "W1",
    "storefront listing: products(first: 24, filter: { categoryId }) with category, variants, price, rating, 3 reviews",
    (f) => f.categories,
  ),
  listingWorkload(
    "W1S",
    "sub-category listing: W1's request on top-level categories only, whose products are all in their sub-categories",
    (f) => f.parents,
  ),
  {
    id: "W2",
    title: "product(slug) with variants (options, price, stock) and 5 newest reviews",
    operationName: "W2Product",
    query: `query W2Product($slug: String) {
  product(slug: $slug) {
    id name slug description imageUrls category { name }
    priceRange { min { amount } max { amount } } rating { average count }
    variants { id sku name options { name value } price { amount currencyCode } quantityAvailable inStock }
    reviews(first: 5) { totalCount pageInfo { hasNextPage } edges { node { rating title body authorName createdAt } } }
  }
}`,
    variables: (i, f) => ({ slug: f.slugs[i % f.slugs.length] }),
    checkVariables: (f) => ({ slug: f.slugs[0] }),
    validate: (data) => {
      const product = data?.product;
      if (!product) return "product is null";
      if (product.variants.length < 2 || product.reviews.edges.length !== 5)
        return "expected ≥ 2 variants and 5 reviews";
      return null;
    },
  },
  {
    id: "W3",
    title: "authenticated me { orders(first: 5) { lines { variant { product { name } } } } }",
    operationName: "W3MyOrders",
    query: `query W3MyOrders {
  me { orders(first: 5) { edges { node { lines { variant { product { name } } } } } } }
}`,
    variables: () => ({}),
    checkVariables: () => ({}),
    headers: (f) => ({ authorization: `Bearer ${f.token}` }),
    validate: (data) => {
      const edges = data?.me?.orders?.edges;
      if (!Array.isArray(edges) || edges.length !== 5) return `expected 5 orders, got ${edges?.length}`;
      if (
        !edges.every((e) => e.node.lines.length === 3 && e.node.lines.every((l) => l.variant?.product?.name))
      )
        return "expected 3 lines with products";
      return null;
    },
  },
  {
    id: "W4",
    title: "addToCart (write): guest carts, each request on a cart no other request in flight uses",
    operationName: "W4AddToCart",
    writes: true,
    query: `mutation W4AddToCart($input: AddToCartInput!) {
  addToCart(input: $input) { totalQuantity subtotal { amount } lines { quantity variant { sku price { amount } } } }
}`,
    // Carts round-robin: concurrent requests never wait on one cart's row lock, and each cart
    // gains a line only once per pass over all of them (its answer stays small).
    variables: (i, f, server) => {
      const { carts } = f.carts[server];
      const pass = Math.floor(i / carts.length);
      return {
        input: {
          cartId: carts[i % carts.length],
          variantId: f.variants[(i + pass * 7) % f.variants.length],
          quantity: 1,
        },
      };
    },
    checkVariables: (f, server) => ({
      input: { cartId: f.carts[server].verifyCart, variantId: f.variants[0], quantity: 1 },
    }),
    validate: (data) => {
      const cart = data?.addToCart;
      if (!cart || cart.totalQuantity !== 1 || cart.lines.length !== 1)
        return "expected a cart with one unit";
      return null;
    },
  },
  {
    id: "W5",
    title: "search: products(search, first: 24) ranked by relevance, with category, price, rating",
    operationName: "W5Search",
    query: `query W5Search($search: String, $first: Int) {
  products(search: $search, first: $first) {
    edges { node { name slug category { name } priceRange { min { amount } } rating { average count } } }
  }
}`,
    variables: (i, f) => ({ search: f.searches[i % f.searches.length], first: 24 }),
    checkVariables: (f) => ({ search: f.searches[0], first: 24 }),
    validate: (data) => {
      const edges = data?.products?.edges;
      if (!Array.isArray(edges) || edges.length === 0) return "no search results";
      return null;
    },
  },
  checkoutWorkload(
    "WC",
    "checkout (write): a guest cart of 3 lines to a US address, each cart checked out once",
  ),
  checkoutWorkload(
    "W6",
    "checkout as WC, with one active webhook endpoint subscribed to ORDER_CREATED (a receiver on loopback)",
    { setup: ({ url }) => subscribeReceiver(url, ["ORDER_CREATED"]) },
  ),
];

/**
 * A storefront listing (W1's request): 24 products of a category, its sub-categories'
 * included, newest first, the categories rotating over `categoriesOf(fixtures)`.
 * @param {(f: Fixtures) => { id: string }[]} categoriesOf
 * @returns {Workload}
 */
function listingWorkload(id, title, categoriesOf) {
  const listingOf = (category) => ({ first: 24, filter: { categoryId: category.id } });
  return {
    id,
    title,
    operationName: "W1Listing",
    query: listingQuery,
    variables: (i, f) => listingOf(categoriesOf(f)[i % categoriesOf(f).length]),
    checkVariables: (f) => listingOf(categoriesOf(f)[0]),
    validate: (data) => {
      const edges = data?.products?.edges;
      if (!Array.isArray(edges) || edges.length !== 24) return `expected 24 products, got ${edges?.length}`;
      if (!edges.every((e) => e.node.variants.length > 0 && e.node.category?.parent !== undefined))
        return "a product lacks variants or category";
      return null;
    },
  };
}

/**
 * A checkout workload: each request checks out a cart of its own, from the workload's own
 * filled carts (`checkoutCarts[id][server]`), since a checked-out cart is empty.
 * @param {Partial<Workload>} [extra]
 * @returns {Workload}
 */
function checkoutWorkload(id, title, extra = {}) {
  const cartsOf = (f, server) => f.checkoutCarts[id][server];
  return {
    id,
    title,
    operationName: `${id}Checkout`,
    query: `mutation ${id}Checkout($input: CheckoutInput!) {
  checkout(input: $input) { id number total { amount currencyCode } }
}`,
    // No shippingMethodId: the builds before issue 14 lack the field, and null means the
    // zone's cheapest method on the builds after it. A cart is consumed by its checkout:
    // past the last one, requests fail on empty carts (raise --checkout-carts).
    variables: (i, f, server) => checkoutInput(cartsOf(f, server).carts[i % cartsOf(f, server).carts.length]),
    checkVariables: (f, server) => checkoutInput(cartsOf(f, server).verifyCart),
    // Every order has an id and number of its own; the same cart must cost the same.
    comparable: (data) => ({ checkout: { total: data.checkout?.total } }),
    writes: true,
    checksOutCarts: true,
    skipOn: ["raw"],
    validate: (data) => {
      const order = data?.checkout;
      if (!order?.id || !/^BZ-\d+$/.test(order.number ?? ""))
        return "expected an order with an id and a number";
      if (!(Number(order.total?.amount) > 0)) return "expected a positive total";
      return null;
    },
    ...extra,
  };
}

/** A guest checkout of one cart to New York, with a key no other request uses. */
function checkoutInput(cartId) {
  return {
    input: {
      cartId,
      email: "bench.guest@example.com",
      shippingAddress: {
        fullName: "Bench Guest",
        line1: "350 Fifth Avenue",
        city: "New York",
        region: "NY",
        postalCode: "10118",
        country: "US",
      },
      idempotencyKey: randomUUID(),
    },
  };
}

/** A request body as every server is sent it. */
export function requestBody(workload, variables) {
  return JSON.stringify({ operationName: workload.operationName, query: workload.query, variables });
}

/** Keys sorted at every level: two answers with the same data compare equal as text. */
export function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical(value[key])]),
    );
  }
  return value;
}

/** The checksum of an answer's `data` (extensions, such as Bazaar's cost, are not data). */
export function checksum(body) {
  return createHash("sha256")
    .update(JSON.stringify(canonical(body.data ?? null)))
    .digest("hex")
    .slice(0, 12);
}

/** Where two canonical values first differ, as a path, for a mismatch report. */
export function firstDifference(a, b, path = "data") {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return `${path}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`;
}
