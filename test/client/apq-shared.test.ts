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

/**
 * Apollo stores a hash without waiting for the store (a failed store is a miss the client
 * repairs by sending the text again): registers `query` on the first node, then asks the
 * second for its hash alone, until the second knows it (or 5 s pass). Returns the last answer.
 */
async function registerOnFirstUntilSecondServes(query: string) {
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };
  const deadline = Date.now() + 5_000;
  let served: Awaited<ReturnType<typeof postRaw>>;
  do {
    expect(await postRaw(first.baseUrl, { query, extensions: { persistedQuery } })).toEqual({
      status: 200,
      data: { categories: [] },
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    served = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  } while (served.errors && Date.now() < deadline);
  return served;
}

test("a hash registered on one node is served by the other", async () => {
  const query = `query SharedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };
  const unknown = await postRaw(second.baseUrl, { extensions: { persistedQuery } });
  expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);

  const served = await registerOnFirstUntilSecondServes(query);
  expect(served).toEqual({ status: 200, data: { categories: [] } });
});

test("the cache is namespaced by the key prefix: another prefix does not see the hash", async () => {
  const query = `query PrefixedApqProbe { categories { id } } # ${keyPrefix}`;
  const persistedQuery = { version: 1, sha256Hash: sha256(query) };
  expect(await registerOnFirstUntilSecondServes(query)).toEqual({ status: 200, data: { categories: [] } });
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
