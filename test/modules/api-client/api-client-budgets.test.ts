import { registerOk } from "../../helpers/accounts";
import { asClient, seedApiClient } from "../../helpers/api-clients";
import { errorCodes, type GraphQLResponse, type RequestOptions } from "../../helpers/graphql-client";
import { useTestApp } from "../../helpers/test-app";

/**
 * Cost budgets behind a server-side storefront: every request reaches Bazaar from the
 * storefront's one IP (here all come from 127.0.0.1). With Bazaar-Buyer-IP each shopper has
 * a shopper's budget of its own under the client; without the client token the header is
 * ignored and the traffic is one IP's. Small budgets: a shopper's 50 points, the client's own
 * 200, each refilling 1 point a second; the query below costs 15 (3 per request fit).
 */

const t = useTestApp({
  BAZAAR_COST_BUDGET: "50",
  BAZAAR_COST_RESTORE_RATE: "1",
  BAZAAR_CLIENT_COST_BUDGET: "200",
  BAZAAR_CLIENT_COST_RESTORE_RATE: "1",
});
const query = "{ products(first: 5) { edges { node { id } } } }";
let storefront: string;

beforeAll(async () => {
  storefront = (await seedApiClient(t)).token;
});

const shoppers = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? `198.51.100.${i}` : `2001:db8::${i}`));

function request(options: RequestOptions): Promise<GraphQLResponse<unknown>> {
  return t.graphql(query, {}, options);
}

/** Three page views per shopper, the shoppers side by side. */
async function threePagesEach(
  optionsFor: (shopper: string) => RequestOptions,
): Promise<GraphQLResponse<unknown>[]> {
  const perShopper = await Promise.all(
    shoppers.map(async (shopper) => {
      const answers = [];
      for (let page = 0; page < 3; page++) answers.push(await request(optionsFor(shopper)));
      return answers;
    }),
  );
  return perShopper.flat();
}

const outcome = (answer: GraphQLResponse<unknown>): string => errorCodes(answer)[0] ?? "OK";
const costOf = (answer: GraphQLResponse<unknown>) => answer.extensions?.cost;

test("the same traffic WITHOUT a client token is one IP's: RATE_LIMITED after its budget (Bazaar-Buyer-IP ignored)", async () => {
  const answers = await threePagesEach((shopper) => ({ headers: { "bazaar-buyer-ip": shopper } }));
  const outcomes = answers.map(outcome);
  expect(outcomes.filter((code) => code === "OK").length).toBeLessThanOrEqual(4);
  expect(outcomes.filter((code) => code === "RATE_LIMITED").length).toBeGreaterThanOrEqual(146);
  expect(answers.find((answer) => outcome(answer) === "RATE_LIMITED")?.status).toBe(429);
});

test("50 shoppers through a storefront client with Bazaar-Buyer-IP, from that same drained IP: never RATE_LIMITED", async () => {
  const answers = await threePagesEach((buyerIp) => asClient(storefront, { buyerIp }));
  expect(answers.map(outcome)).toEqual(Array(150).fill("OK"));
  // Each shopper is charged a shopper's budget of its own: 3 × 15 of 50 points.
  expect(answers.map((answer) => costOf(answer)?.capacity)).toEqual(Array(150).fill(50));
  expect(Math.min(...answers.map((answer) => costOf(answer)?.remaining ?? -1))).toBeGreaterThanOrEqual(5);
});

test("one abusive shopper is RATE_LIMITED alone: the client's other shoppers are served meanwhile", async () => {
  const abusive = asClient(storefront, { buyerIp: "203.0.113.66" });
  const abuse = [];
  for (let i = 0; i < 10; i++) abuse.push(outcome(await request(abusive)));
  expect(abuse.slice(0, 3)).toEqual(["OK", "OK", "OK"]);
  expect(abuse.slice(4)).toEqual(Array(6).fill("RATE_LIMITED"));
  const others = await Promise.all(
    ["203.0.113.1", "203.0.113.2", "203.0.113.3"].map((buyerIp) =>
      request(asClient(storefront, { buyerIp })),
    ),
  );
  expect(others.map(outcome)).toEqual(["OK", "OK", "OK"]);
});

test("a client acting for no one spends its own, bigger budget; its shoppers keep theirs", async () => {
  const { token } = await seedApiClient(t, ["STAFF"]);
  const own = [];
  for (let i = 0; i < 15; i++) own.push(await request(asClient(token)));
  // 200 points: 13 requests of 15 fit (195), then the client is RATE_LIMITED as a whole.
  expect(own.map(outcome).slice(0, 13)).toEqual(Array(13).fill("OK"));
  expect(own.map(outcome).slice(14)).toEqual(["RATE_LIMITED"]);
  expect(costOf(own[0]!)).toEqual({ requested: 15, remaining: 185, capacity: 200, restoreRate: 1 });
  expect(outcome(await request(asClient(token, { buyerIp: "192.0.2.1" })))).toBe("OK");
});

test("a buyer's session through the client is charged to the buyer's own budget, not a second one", async () => {
  const buyer = await registerOk(t);
  // The buyer spends their budget directly (the session's user is the key, whatever the IP)...
  const direct = [];
  for (let i = 0; i < 4; i++) direct.push(outcome(await request({ token: buyer.token })));
  expect(direct).toEqual(["OK", "OK", "OK", "RATE_LIMITED"]);
  // ...and going through the storefront, under any buyer address, does not refill it.
  const viaClient = await request(asClient(storefront, { session: buyer.token, buyerIp: "192.0.2.77" }));
  expect(outcome(viaClient)).toBe("RATE_LIMITED");
});
