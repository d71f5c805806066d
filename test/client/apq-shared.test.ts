import { createHash } from "node:crypto";
import { deleteKeys, requireRedis, testRedisUrl, uniqueKeyPrefix } from "../helpers/redis";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { postRaw } from "./sdk-helpers";

/**
 * With REDIS_URL, automatic persisted queries live in Redis: a hash registered through one
 * node is served by another (two apps, each on its own database, sharing one Redis).
 */

let first: TestApp;
let second: TestApp;
const keyPrefix = uniqueKeyPrefix();
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

beforeAll(async () => {
  await requireRedis();
  const env = { REDIS_URL: testRedisUrl, BAZAAR_REDIS_KEY_PREFIX: keyPrefix };
  [first, second] = await Promise.all([startTestApp(env), startTestApp(env)]);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await deleteKeys(keyPrefix);
});

test("a hash registered on one node is served by the other", async () => {
  const query = `query SharedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };
  const unknown = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);

  expect(await postRaw(first.baseUrl, { query, extensions: { persistedQuery } })).toEqual({
    status: 200,
    data: { categories: [] },
  });
  // Apollo stores the hash without waiting for it: poll the other node until it serves it.
  const deadline = Date.now() + 5_000;
  let served = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  while (served.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    served = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  }
  expect(served).toEqual({ status: 200, data: { categories: [] } });
});

test("the cache is namespaced by the key prefix: another prefix does not see the hash", async () => {
  const query = `query PrefixedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };
  expect((await postRaw(first.baseUrl, { query, extensions: { persistedQuery } })).status).toBe(200);
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
