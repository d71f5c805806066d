import { ProductUpdatedDocument } from "../../client";
import { seedProduct, type SeededProduct } from "../helpers/seed";
import { openSocket, useSockets } from "../helpers/subscriptions";
import { startTestApp, useTestApp } from "../helpers/test-app";

/**
 * Subscription documents meet the limits HTTP operations meet (shape, tokens, cost budget),
 * and each socket and each IP may hold only so much.
 */

const t = useTestApp({
  BAZAAR_MAX_DEPTH: "4",
  BAZAAR_MAX_ALIASES: "1",
  BAZAAR_MAX_TOKENS: "200",
  BAZAAR_SUBSCRIPTIONS_PER_SOCKET: "2",
});
const socket = useSockets(t);
let product: SeededProduct;
beforeAll(async () => {
  product = await seedProduct(t);
});

const follow = (selection: string): string =>
  `subscription Follow($id: ID!) { productUpdated(productId: $id) ${selection} }`;

test("within the limits, a subscription runs", async () => {
  const feed = socket().subscribeText(follow("{ id variants { price { amount } } }"), { id: product.id });
  expect(await feed.nextData()).toMatchObject({ productUpdated: { id: product.id } });
});

test.each([
  ["too deep", follow("{ variants { product { variants { id } } } }")],
  ["too many aliases", follow("{ a: id b: name }")],
  ["too many tokens", follow(`{ ${"id ".repeat(300)} }`)],
])("%s: refused with QUERY_TOO_COMPLEX before it runs", async (_case, query) => {
  const feed = socket().subscribeText(query, { id: product.id });
  expect(await feed.nextErrorCodes()).toEqual(["QUERY_TOO_COMPLEX"]);
});

test("invalid documents and variables are refused as over HTTP", async () => {
  const unknownField = socket().subscribeText(follow("{ nope }"), { id: product.id });
  expect(await unknownField.nextErrorCodes()).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
  const unparsable = socket().subscribeText("subscription {", {});
  expect(await unparsable.nextErrorCodes()).toEqual(["BAD_USER_INPUT"]);
  const missingVariable = socket().subscribeText(follow("{ id }"), {});
  expect(await missingVariable.nextErrorCodes()).toEqual(["BAD_USER_INPUT"]);
});

test("queries and mutations belong to HTTP: refused on the socket", async () => {
  const query = socket().subscribeText("{ categories { id } }");
  expect(await query.nextErrorCodes()).toEqual(["BAD_USER_INPUT"]);
});

test("one socket runs at most BAZAAR_SUBSCRIPTIONS_PER_SOCKET subscriptions; the others keep running", async () => {
  const shared = socket();
  const feeds = [1, 2].map(() => shared.subscribeText(follow("{ id }"), { id: product.id }));
  for (const feed of feeds)
    expect(await feed.nextData()).toMatchObject({ productUpdated: { id: product.id } });

  const third = await shared.subscribe(ProductUpdatedDocument, { productId: product.id });
  expect(await third.nextErrorCodes()).toEqual(["RATE_LIMITED"]);

  feeds[0]!.unsubscribe();
  const again = shared.subscribeText(follow("{ id }"), { id: product.id });
  expect(await again.nextData()).toMatchObject({ productUpdated: { id: product.id } });
});

test("the query-cost budget pays for subscriptions too: an empty one refuses with RATE_LIMITED", async () => {
  const poor = await startTestApp({ BAZAAR_COST_BUDGET: "3", BAZAAR_COST_RESTORE_RATE: "1" });
  const refused = openSocket(poor);
  try {
    const feed = refused.subscribeText(follow("{ reviews(first: 50) { edges { node { id } } } }"), {
      id: "x",
    });
    expect(await feed.nextErrorCodes()).toEqual(["RATE_LIMITED"]);
  } finally {
    await refused.close();
    await poor.close();
  }
});

test("an IP holds at most BAZAAR_SUBSCRIPTION_SOCKETS_PER_IP sockets: the next is closed with 4429", async () => {
  const capped = await startTestApp({ BAZAAR_SUBSCRIPTION_SOCKETS_PER_IP: "2" });
  const seeded = await seedProduct(capped);
  const sockets = [1, 2].map(() => openSocket(capped));
  try {
    for (const open of sockets) {
      const feed = open.subscribeText(follow("{ id }"), { id: seeded.id });
      expect(await feed.nextData()).toMatchObject({ productUpdated: { id: seeded.id } });
    }
    const over = openSocket(capped);
    sockets.push(over);
    expect(await over.closed).toBe(4429);
  } finally {
    await Promise.all(sockets.map((open) => open.close()));
    await capped.close();
  }
});
