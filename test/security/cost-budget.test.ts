import { useTestApp } from "../helpers/test-app";
import {
  costing,
  graphqlFrom,
  parsed,
  postJson,
  registerFrom,
  snapshot,
  type DataSnapshot,
  type GraphQLBody,
  type RawAnswer,
} from "./hostile-flows";

/**
 * Each client (the viewer, else the IP) has a leaky bucket of query-cost
 * points; an empty bucket answers 429 RATE_LIMITED with `retryAfter` and a Retry-After
 * header, other clients are unaffected, and every response reports
 * `extensions.cost { requested, remaining, capacity, restoreRate }`. A tiny budget here
 * (50 points, 1 point a second back) and a per-query maximum of 40.
 *
 * The tests share the buckets and run in order. Costs: `products(first: n) { edges { node
 * { id } } }` is n × 3 points; `{ __typename }` is free.
 */

const t = useTestApp({
  BAZAAR_COST_BUDGET: "50",
  BAZAAR_COST_RESTORE_RATE: "1",
  BAZAAR_MAX_QUERY_COST: "40",
});
/** Session tokens. */
let shopper: string;
let pacer: string;
let baseline: DataSnapshot;

const bodyOf = (answer: RawAnswer): GraphQLBody => parsed(answer);
const costOf = (answer: RawAnswer): Record<string, unknown> =>
  (bodyOf(answer).extensions?.cost ?? {}) as Record<string, unknown>;
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A 429 for a request of `requested` points with `remaining` left, consistent in body, extensions and header. */
function expectRateLimited(answer: RawAnswer, requested: number): { remaining: number; retryAfter: number } {
  expect(answer.status).toBe(429);
  const body = bodyOf(answer);
  const { remaining } = costOf(answer) as { remaining: number };
  // The bucket refills continuously: what is missing, rounded up, is exactly requested − floor(level).
  const retryAfter = requested - remaining;
  expect(body).toEqual({
    errors: [
      {
        message: `Query cost budget exhausted: this operation costs ${requested}, ${remaining} points are left. Retry in ${retryAfter} s.`,
        extensions: { code: "RATE_LIMITED", retryAfter },
      },
    ],
    extensions: { cost: { requested, remaining, capacity: 50, restoreRate: 1 } },
  });
  expect(answer.headers["retry-after"]).toBe(String(retryAfter));
  return { remaining, retryAfter };
}

beforeAll(async () => {
  shopper = await registerFrom(t, "127.0.0.9", "budget.shopper@example.com");
  pacer = await registerFrom(t, "127.0.0.9", "budget.pacer@example.com");
  baseline = await snapshot(t);
});

describe("a tiny budget (50 points, 1 back per second)", () => {
  test("every response reports its cost: requested, remaining, capacity, restoreRate", async () => {
    const free = await postJson(t, { query: "{ __typename }" });
    expect(bodyOf(free)).toEqual({
      data: { __typename: "Query" },
      extensions: { cost: { requested: 0, remaining: 50, capacity: 50, restoreRate: 1 } },
    });
    const paid = await postJson(t, { query: costing(15) });
    expect(paid.status).toBe(200);
    expect(bodyOf(paid)).toEqual({
      data: { products: { edges: [] } },
      extensions: { cost: { requested: 15, remaining: 35, capacity: 50, restoreRate: 1 } },
    });
  });

  test("a client that spends its budget gets 429 RATE_LIMITED with retryAfter and a Retry-After header", async () => {
    let answer = await postJson(t, { query: costing(15) });
    let previous = 35;
    for (let round = 0; answer.status === 200 && round < 10; round++) {
      const { remaining } = costOf(answer) as { remaining: number };
      expect(remaining).toBeLessThan(previous);
      previous = remaining;
      answer = await postJson(t, { query: costing(15) });
    }
    const { retryAfter } = expectRateLimited(answer, 15);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15);
  });

  test("a refused mutation does not run", async () => {
    // register … { user { … orders(first: 35) { totalCount } } } costs 1 + 1 + 35 = 37, far more than is left.
    const query =
      'mutation { register(input: { email: "budget.refused@example.com", password: "long enough pw", name: "No" }) { token user { id orders(first: 35) { totalCount } } } }';
    expectRateLimited(await postJson(t, { query }), 37);
    expect(await t.db.prisma.user.count({ where: { email: "budget.refused@example.com" } })).toBe(0);
  });

  test("a spoofed X-Forwarded-For does not get a fresh bucket (no trusted proxy)", async () => {
    expectRateLimited(await postJson(t, { query: costing(36) }, { "x-forwarded-for": "203.0.113.9" }), 36);
  });

  test("a signed-in customer on the same address has a budget of their own", async () => {
    const answer = await postJson(t, { query: costing(15) }, bearer(shopper));
    expect(bodyOf(answer)).toEqual({
      data: { products: { edges: [] } },
      extensions: { cost: { requested: 15, remaining: 35, capacity: 50, restoreRate: 1 } },
    });
  });

  test("another anonymous client (another address) has a budget of its own", async () => {
    const answer = await graphqlFrom(t, "127.0.0.2", costing(15));
    expect(answer.status).toBe(200);
    expect(costOf(answer)).toEqual({ requested: 15, remaining: 35, capacity: 50, restoreRate: 1 });
  });

  test("free operations still pass for the exhausted client", async () => {
    const answer = await postJson(t, { query: "{ __typename }" });
    expect(answer.status).toBe(200);
    expect(bodyOf(answer).data).toEqual({ __typename: "Query" });
  });
});

describe("the per-query maximum (BAZAAR_MAX_QUERY_COST=40)", () => {
  test("a query of 45 points: 400 QUERY_TOO_COMPLEX naming maxQueryCost, and nothing is charged", async () => {
    const answer = await postJson(t, { query: costing(45) }, bearer(pacer));
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toEqual({
      errors: [
        {
          message: "The operation costs 45 points; at most 40 are allowed per request (over by 5).",
          extensions: { code: "QUERY_TOO_COMPLEX", limit: "maxQueryCost", actual: 45, maximum: 40 },
        },
      ],
    });
    expect(costOf(await postJson(t, { query: costing(15) }, bearer(pacer)))).toEqual({
      requested: 15,
      remaining: 35,
      capacity: 50,
      restoreRate: 1,
    });
  });
});

describe("retryAfter is honest", () => {
  test("after waiting it out, the refused request passes", async () => {
    for (let i = 0; i < 2; i++)
      expect((await postJson(t, { query: costing(15) }, bearer(pacer))).status).toBe(200);
    // About 5 points left: 9 more are refused for ~4 s.
    const { retryAfter } = expectRateLimited(await postJson(t, { query: costing(9) }, bearer(pacer)), 9);
    expect(retryAfter).toBeGreaterThanOrEqual(3);
    expect(retryAfter).toBeLessThanOrEqual(5);
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
    const answer = await postJson(t, { query: costing(9) }, bearer(pacer));
    expect(answer.status).toBe(200);
    expect(costOf(answer)).toMatchObject({ requested: 9 });
  }, 20_000);
});

describe("after the hostile requests", () => {
  test("a normal request still works and no data changed", async () => {
    const answer = await postJson(t, { query: "{ me { email } }" }, bearer(shopper));
    expect(bodyOf(answer).data).toEqual({ me: { email: "budget.shopper@example.com" } });
    expect(await snapshot(t)).toEqual(baseline);
  });
});
