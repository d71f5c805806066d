import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  deleteKeys,
  requireRedis,
  subscribersOf,
  testRedisUrl,
  uniqueKeyPrefix,
  waitForRedis,
} from "../helpers/redis";
import { waitFor } from "../helpers/wait-for";
import { costing, graphqlFrom, parsed, type RawAnswer } from "./hostile-flows";

/**
 * With REDIS_URL, the per-client query-cost budget lives in Redis: two nodes (two apps, each
 * on its own database) sharing one Redis see one budget per client. A budget of 50 points
 * (1 back per second: a window of 50 s in Redis), 40 at most per query; a refused request
 * costs 20. Each test is its own anonymous client (its own loopback address).
 */

let first: TestApp;
let second: TestApp;
const keyPrefix = uniqueKeyPrefix();

const costOf = (answer: RawAnswer) =>
  parsed(answer).extensions?.cost as { requested: number; remaining: number } | undefined;

const env = {
  REDIS_URL: testRedisUrl,
  BAZAAR_REDIS_KEY_PREFIX: keyPrefix,
  BAZAAR_COST_BUDGET: "50",
  BAZAAR_COST_RESTORE_RATE: "1",
  BAZAAR_MAX_QUERY_COST: "40",
  BAZAAR_REFUSAL_PENALTY: "20",
};

beforeAll(async () => {
  await requireRedis();
  first = await startTestApp(env);
  second = await startTestApp(env);
  await Promise.all([waitForRedis(first, "up"), waitForRedis(second, "up")]);
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  await deleteKeys(keyPrefix);
});

test("a budget drained through one node is empty on the other", async () => {
  const client = "127.0.0.31";
  expect(costOf(await graphqlFrom(first, client, costing(30)))).toEqual({
    requested: 30,
    remaining: 20,
    capacity: 50,
    restoreRate: 1,
  });
  expect(costOf(await graphqlFrom(second, client, costing(15)))).toEqual({
    requested: 15,
    remaining: 5,
    capacity: 50,
    restoreRate: 1,
  });

  const refused = await graphqlFrom(first, client, costing(15));
  expect(refused.status).toBe(429);
  const retryAfter = Number(refused.headers["retry-after"]);
  // The window (50 s) started with the first request, a moment ago.
  expect(retryAfter).toBeGreaterThan(40);
  expect(retryAfter).toBeLessThanOrEqual(50);
  expect(parsed(refused)).toEqual({
    errors: [
      {
        message: `Query cost budget exhausted: this operation costs 15, 5 points are left. Retry in ${retryAfter} s.`,
        extensions: { code: "RATE_LIMITED", retryAfter },
      },
    ],
    extensions: { cost: { requested: 15, remaining: 5, capacity: 50, restoreRate: 1 } },
  });
  // The refusal cost nothing: the 5 points are still there, on both nodes.
  expect(costOf(await graphqlFrom(second, client, "{ __typename }"))).toEqual({
    requested: 0,
    remaining: 5,
    capacity: 50,
    restoreRate: 1,
  });
  expect(costOf(await graphqlFrom(first, client, costing(3)))?.remaining).toBe(2);
  expect((await graphqlFrom(second, client, costing(3))).status).toBe(429);

  // Another client is unaffected.
  expect(costOf(await graphqlFrom(second, "127.0.0.32", costing(30)))?.remaining).toBe(20);
});

test("refused requests on one node empty the budget: the other refuses the client on arrival", async () => {
  const client = "127.0.0.33";
  for (const node of [first, first, second])
    expect((await graphqlFrom(node, client, "{ products(")).status).toBe(400);
  const answer = await graphqlFrom(second, client, "{ __typename }");
  expect(answer.status).toBe(429);
  expect(answer.headers.connection).toBe("close");
  expect(parsed(answer).errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  expect((await graphqlFrom(first, client, "{ __typename }")).status).toBe(429);
});

test("a node that starts after a client's budget was drained refuses it on arrival", async () => {
  const client = "127.0.0.34";
  for (let i = 0; i < 3; i++) expect((await graphqlFrom(first, client, "{ products(")).status).toBe(400);
  // It has not heard the drained budget announced: listening now, it still asks Redis until
  // it has heard every announcement (a window after it subscribed).
  const third = await startTestApp(env);
  try {
    await waitForRedis(third, "up");
    await waitFor(
      () => subscribersOf(`${keyPrefix}cost-budget:drained`),
      (count) => count === 3,
    );
    const answer = await graphqlFrom(third, client, "{ __typename }");
    expect(answer.status).toBe(429);
    expect(answer.headers.connection).toBe("close");
    expect(parsed(answer).errors?.[0]?.message).toMatch(/^Too many refused requests from this client/);
  } finally {
    await third.close();
  }
});

test("/readyz and /metrics say Redis is up, and nothing fell back", async () => {
  expect(await (await fetch(`${first.baseUrl}/readyz`)).json()).toEqual({
    status: "ok",
    database: "up",
    jobs: "up",
    redis: "up",
  });
  const metrics = await (await fetch(`${first.baseUrl}/metrics`)).text();
  expect(metrics).toMatch(/^bazaar_redis_up 1$/m);
  expect(metrics).toMatch(/^bazaar_cost_budget_fallback_total 0$/m);
});
