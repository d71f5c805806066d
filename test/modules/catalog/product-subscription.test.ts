import { randomUUID } from "node:crypto";
import { ProductUpdatedDocument, type ProductUpdatedSubscription } from "../../../client";
import { persistedDocument } from "../../../client/persisted-documents";
import { logout, registerOk, staffAccount } from "../../helpers/accounts";
import { archiveProduct, createCategoryOk, updateVariant } from "../../helpers/catalog";
import { globalId, keyOf } from "../../helpers/ids";
import { orderTransition, placeOrder } from "../../helpers/orders";
import { dataOf } from "../../helpers/results";
import { seedProduct } from "../../helpers/seed";
import { resultsSince, subscriptionResults } from "../../helpers/subscription-metrics";
import { useSockets, type Feed } from "../../helpers/subscriptions";
import { useTestApp } from "../../helpers/test-app";

/** `productUpdated` over graphql-ws: current state first, then each committed price or stock change. Anyone. */

const t = useTestApp();
const socket = useSockets(t);
let staff: string;

beforeAll(async () => {
  staff = (await staffAccount(t)).token;
});

test("an anonymous subscriber gets the product, then the new price a staff update set", async () => {
  const product = await seedProduct(t, [{ price: 1999, stock: 4 }]);
  const feed = await socket().subscribe(ProductUpdatedDocument, { productId: product.id });
  const first = (await feed.nextData()).productUpdated;
  expect([first.id, first.variants.map((variant) => variant.price.amount)]).toEqual([product.id, ["19.99"]]);

  dataOf(await updateVariant(t, staff, { id: product.variants[0]!.id, price: "17.50" }));
  const changed = (await feed.nextData()).productUpdated;
  expect([changed.variants[0]!.price.amount, changed.priceRange.min.amount]).toEqual(["17.50", "17.50"]);
});

test("stock reserved by checkout and returned by cancelling reach the subscriber, in order", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t, [{ price: 1000, stock: 3 }]);
  const feed = await socket({ token: customer.token }).subscribe(ProductUpdatedDocument, {
    productId: product.id,
  });
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(3);

  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 2]]);
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(1);
  dataOf(await orderTransition(t, "cancelOrder", customer.token, order.id));
  expect((await feed.nextData()).productUpdated.variants[0]!.quantityAvailable).toBe(3);
  expect(feed.received).toHaveLength(3);
});

test("an unknown or archived product is NOT_FOUND; a malformed id BAD_USER_INPUT naming productId", async () => {
  const unknown = await socket().subscribe(ProductUpdatedDocument, {
    productId: globalId("Product", "00000000-0000-4000-8000-000000000000"),
  });
  expect(await unknown.nextErrorCodes()).toEqual(["NOT_FOUND"]);

  const archived = await seedProduct(t);
  dataOf(await archiveProduct(t, staff, archived.id));
  const hidden = await socket().subscribe(ProductUpdatedDocument, { productId: archived.id });
  expect(await hidden.nextErrorCodes()).toEqual(["NOT_FOUND"]);

  const malformed = await socket().subscribe(ProductUpdatedDocument, { productId: "nope" });
  const delivery = await malformed.next();
  expect(delivery.kind === "next" && delivery.result.errors?.[0]?.extensions).toMatchObject({
    code: "BAD_USER_INPUT",
    field: "productId",
  });
});

describe("subscribers whose result is necessarily the same share one execution per event", () => {
  const field = "productUpdated";

  test("N anonymous subscribers of the same document and variables: 1 execution, the same result as executing alone", async () => {
    const product = await seedProduct(t, [{ price: 1999, stock: 4 }]);
    const { text, operationName } = await persistedDocument(ProductUpdatedDocument);
    const variables = { productId: product.id };
    const subscribers = 5;
    const sharing = Array.from({ length: subscribers }, () =>
      socket().subscribeText<ProductUpdatedSubscription>(text, variables, operationName),
    );
    // Another text of the same operation is another document: it runs on its own.
    const alone = socket().subscribeText<ProductUpdatedSubscription>(`${text}\n`, variables, operationName);
    for (const feed of [...sharing, alone]) await feed.nextData();
    const before = await subscriptionResults(t, field);

    dataOf(await updateVariant(t, staff, { id: product.variants[0]!.id, price: "17.50" }));
    const expected = (await alone.nextData()).productUpdated;
    expect(expected.variants.map((variant) => variant.id)).toEqual([product.variants[0]!.id]);
    expect(expected.priceRange.min.amount).toBe("17.50");
    for (const feed of sharing) expect((await feed.nextData()).productUpdated).toEqual(expected);

    expect(resultsSince(before, await subscriptionResults(t, field))).toEqual({
      executed: 2,
      shared: subscribers - 1,
    });
  });

  test("staff and anonymous subscribers never share: staff see the category's archived product, anonymous do not", async () => {
    const category = await createCategoryOk(t, staff, { name: `Shared ${randomUUID().slice(0, 8)}` });
    const [followed, archived] = [await seedProduct(t), await seedProduct(t, undefined, { archived: true })];
    await t.db.prisma.product.updateMany({
      where: { id: { in: [followed.key, archived.key] } },
      data: { categoryId: keyOf(category.id) },
    });
    const document = `subscription CategoryOfProduct($productId: ID!) {
      productUpdated(productId: $productId) { id category { products(first: 10) { edges { node { id } } } } }
    }`;
    type Listing = { productUpdated: { category: { products: { edges: { node: { id: string } }[] } } } };
    const listed = async (feed: Feed<Listing>): Promise<string[]> =>
      (await feed.nextData()).productUpdated.category.products.edges.map((edge) => edge.node.id).sort();
    const feeds = [staff, staff, undefined, undefined].map((token) =>
      socket({ token }).subscribeText<Listing>(document, { productId: followed.id }),
    );
    for (const feed of feeds) await listed(feed);
    const before = await subscriptionResults(t, field);

    dataOf(await updateVariant(t, staff, { id: followed.variants[0]!.id, price: "12.00" }));
    const [staffSees, otherStaffSees, anonymousSees, otherAnonymousSees] = await Promise.all(
      feeds.map(listed),
    );
    expect(staffSees).toEqual([followed.id, archived.id].sort());
    expect(otherStaffSees).toEqual(staffSees);
    expect(anonymousSees).toEqual([followed.id]);
    expect(otherAnonymousSees).toEqual(anonymousSees);
    // One execution per viewer class, each shared with the class's other subscriber.
    expect(resultsSince(before, await subscriptionResults(t, field))).toEqual({ executed: 2, shared: 2 });
  });

  test("a customer and an anonymous subscriber are different classes; a revoked session among sharers still closes its socket", async () => {
    const [leaving, staying] = [await registerOk(t), await registerOk(t)];
    const product = await seedProduct(t);
    const leavingSocket = socket({ token: leaving.token });
    const feeds = [
      await leavingSocket.subscribe(ProductUpdatedDocument, { productId: product.id }),
      await socket({ token: staying.token }).subscribe(ProductUpdatedDocument, { productId: product.id }),
      await socket().subscribe(ProductUpdatedDocument, { productId: product.id }),
    ];
    for (const feed of feeds) await feed.nextData();
    dataOf(await logout(t, leaving.token));
    const before = await subscriptionResults(t, field);

    dataOf(await updateVariant(t, staff, { id: product.variants[0]!.id, price: "9.99" }));
    expect(await leavingSocket.closed).toBe(4403);
    const [, customerFeed, anonymousFeed] = feeds;
    const [customerSees, anonymousSees] = [await customerFeed!.nextData(), await anonymousFeed!.nextData()];
    expect(customerSees).toEqual(anonymousSees);
    expect(customerSees.productUpdated.priceRange.min.amount).toBe("9.99");
    expect(feeds[0]!.received.filter((delivery) => delivery.kind === "next")).toHaveLength(1);
    // The revoked subscriber got no result; the customer and the anonymous one ran their own.
    expect(resultsSince(before, await subscriptionResults(t, field))).toEqual({ executed: 2, shared: 0 });
  });
});
