import { createHash } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { postRaw } from "../client/sdk-helpers";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { uniqueKeyPrefix, waitForRedis } from "../helpers/redis";

/**
 * REDIS_URL points at a port nobody listens on: the node starts and serves anyway, on
 * budgets kept in its own memory, and says so in /metrics, /readyz and (once) the log.
 */

let t: TestApp;

/** A loopback port that was free a moment ago: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  t = await startTestApp({
    REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
    BAZAAR_REDIS_KEY_PREFIX: uniqueKeyPrefix(),
    BAZAAR_COST_BUDGET: "50",
    BAZAAR_COST_RESTORE_RATE: "1",
    BAZAAR_MAX_QUERY_COST: "40",
  });
  await waitForRedis(t, "down");
});
afterAll(async () => {
  await t?.close();
});

test("requests are answered, charged to this node's own budget", async () => {
  const paid = await t.graphql("{ products(first: 10) { edges { node { id } } } }");
  expect(paid.status).toBe(200);
  expect(paid.extensions?.cost).toEqual({ requested: 30, remaining: 20, capacity: 50, restoreRate: 1 });
  const refused = await t.graphql("{ products(first: 10) { edges { node { id } } } }");
  expect(refused.status).toBe(429);
  expect(refused.errors?.[0]?.extensions).toEqual({ code: "RATE_LIMITED", retryAfter: 10 });
});

test("/readyz stays 200 (the database answers) and says redis is down", async () => {
  const response = await fetch(`${t.baseUrl}/readyz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", database: "up", jobs: "up", redis: "down" });
});

test("/metrics shows Redis down and the fallbacks", async () => {
  const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
  expect(metrics).toMatch(/^bazaar_redis_up 0$/m);
  const fallbacks = Number(/^bazaar_cost_budget_fallback_total (\d+)$/m.exec(metrics)?.[1]);
  // At least the two charges above (the refusal penalty's checks count too).
  expect(fallbacks).toBeGreaterThanOrEqual(2);
});

test("a persisted-query hash is a miss, never an error; the query with its text is answered", async () => {
  const query = "query ApqWhileRedisIsDown { categories { id } }";
  const persistedQuery = { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") };
  const unknown = await postRaw(t.baseUrl, { extensions: { persistedQuery } });
  expect(unknown.errors?.map((error) => error.extensions?.code)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
  expect(await postRaw(t.baseUrl, { query, extensions: { persistedQuery } })).toEqual({
    status: 200,
    data: { categories: [] },
  });
});

test("the outage is logged once, not per request or reconnection attempt", () => {
  const warnings = t.logs.filter((line) => line.msg?.startsWith("Redis is down"));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]?.level).toBe(40);
});
