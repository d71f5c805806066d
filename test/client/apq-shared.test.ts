import { deleteKeys, requireRedis, testRedisUrl, uniqueKeyPrefix } from "../helpers/redis";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { persistedQueryOf, postRaw, registerUntilServed } from "./sdk-helpers";

/**
 * With REDIS_URL, automatic persisted queries live in Redis: a hash registered through one
 * node is served by another (two apps, each on its own database, sharing one Redis).
 */

let first: TestApp;
let second: TestApp;
const keyPrefix = uniqueKeyPrefix();

beforeAll(async () => {
  await requireRedis();
  const env = { REDIS_URL: testRedisUrl, BAZAAR_REDIS_KEY_PREFIX: keyPrefix };
  // One after the other: two embedded databases starting at once in one process share its
  // one thread, and the second missed its connection timeout on a loaded machine.
  first = await startTestApp(env);
  second = await startTestApp(env);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await deleteKeys(keyPrefix);
});

test("a hash registered on one node is served by the other", async () => {
  const query = `query SharedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = persistedQueryOf(query);
  const unknown = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);

  const served = await registerUntilServed(first.baseUrl, second.baseUrl, query);
  expect(served).toEqual({ status: 200, data: { categories: [] } });
});

test("the cache is namespaced by the key prefix: another prefix does not see the hash", async () => {
  const query = `query PrefixedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = persistedQueryOf(query);
  expect(await registerUntilServed(first.baseUrl, second.baseUrl, query)).toEqual({
    status: 200,
    data: { categories: [] },
  });
  const otherPrefix = uniqueKeyPrefix();
  const other = await startTestApp({ REDIS_URL: testRedisUrl, BAZAAR_REDIS_KEY_PREFIX: otherPrefix });
  try {
    const unknown = await postRaw(other.baseUrl, { extensions: { persistedQuery } });
    expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  } finally {
    await other.close();
    await deleteKeys(otherPrefix);
  }
});
