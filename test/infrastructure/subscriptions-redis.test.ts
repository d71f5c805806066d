import { ProductUpdatedDocument } from "../../client";
import { buildApp, type App } from "../../src/app";
import { staffAccount } from "../helpers/accounts";
import { updateVariant } from "../helpers/catalog";
import { deleteKeys, requireRedis, testRedisUrl, uniqueKeyPrefix } from "../helpers/redis";
import { dataOf } from "../helpers/results";
import { seedProduct } from "../helpers/seed";
import { openSocket, type TestSocket } from "../helpers/subscriptions";
import { startTestApp, type TestApp } from "../helpers/test-app";

/**
 * With REDIS_URL, a change committed through one node reaches the subscribers of every
 * node: two apps on one database, sharing one Redis.
 */

const keyPrefix = uniqueKeyPrefix();
let first: TestApp;
let second: App;
let secondUrl: string;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  await requireRedis();
  first = await startTestApp({ REDIS_URL: testRedisUrl, BAZAAR_REDIS_KEY_PREFIX: keyPrefix });
  second = await buildApp({
    config: first.config,
    prisma: first.db.prisma,
    pool: first.db.pool,
    logger: first.logger,
  });
  await second.http.listen({ host: "127.0.0.1", port: 0 });
  secondUrl = `http://127.0.0.1:${(second.http.server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await second?.http.close();
  await first?.close();
  await deleteKeys(keyPrefix);
});

test("a price changed through one node reaches a subscriber of the other", async () => {
  const staff = await staffAccount(first);
  const product = await seedProduct(first, [{ price: 1200, stock: 2 }]);
  const subscriber = openSocket({ baseUrl: secondUrl });
  sockets.push(subscriber);
  const feed = await subscriber.subscribe(ProductUpdatedDocument, { productId: product.id });
  expect((await feed.nextData()).productUpdated.variants[0]!.price.amount).toBe("12.00");

  dataOf(await updateVariant(first, staff.token, { id: product.variants[0]!.id, price: "9.90" }));

  expect((await feed.nextData()).productUpdated.variants[0]!.price.amount).toBe("9.90");
});

test("channels are namespaced by the key prefix: a node with another prefix hears nothing of them", async () => {
  const staff = await staffAccount(first);
  const product = await seedProduct(first, [{ price: 500, stock: 2 }]);
  const elsewhere = await buildApp({
    config: { ...first.config, redisKeyPrefix: uniqueKeyPrefix() },
    prisma: first.db.prisma,
    pool: first.db.pool,
    logger: first.logger,
  });
  await elsewhere.http.listen({ host: "127.0.0.1", port: 0 });
  const port = (elsewhere.http.server.address() as { port: number }).port;
  const [isolated, shared] = [
    openSocket({ baseUrl: `http://127.0.0.1:${port}` }),
    openSocket({ baseUrl: secondUrl }),
  ];
  try {
    const isolatedFeed = await isolated.subscribe(ProductUpdatedDocument, { productId: product.id });
    const sharedFeed = await shared.subscribe(ProductUpdatedDocument, { productId: product.id });
    await Promise.all([isolatedFeed.nextData(), sharedFeed.nextData()]);

    dataOf(await updateVariant(first, staff.token, { id: product.variants[0]!.id, price: "4.00" }));
    // Delivered through the shared prefix, so the Redis message was out before the isolated node could hear it.
    expect((await sharedFeed.nextData()).productUpdated.variants[0]!.price.amount).toBe("4.00");
    expect(isolatedFeed.received).toHaveLength(1);
  } finally {
    await Promise.all([isolated.close(), shared.close()]);
    await elsewhere.http.close();
  }
});
