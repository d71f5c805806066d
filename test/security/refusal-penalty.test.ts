import { request as httpRequest } from "node:http";
import { loadConfig } from "../../src/config";
import { userFields, type AuthData } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { graphqlFrom, parsed, type RawAnswer } from "./hostile-flows";

/**
 * Issue 6, floods: every request Bazaar refuses (400/413/415) costs an anonymous client
 * points of its query-cost budget (per IP). Once the budget is empty, its requests are
 * refused on arrival with 429 RATE_LIMITED, before their body is read. Here: a budget of
 * 10,000 points, 1 point a second back, 5,000 points per refused request — two refusals
 * empty it. Each test is its own client (its own loopback address).
 */

let t: TestApp;
const syntaxError = "{ products(";
const free = "{ __typename }";

beforeAll(async () => {
  t = await startTestApp({
    BAZAAR_COST_BUDGET: "10000",
    BAZAAR_COST_RESTORE_RATE: "1",
    BAZAAR_REFUSAL_PENALTY: "5000",
  });
});
afterAll(async () => {
  await t?.close();
});

function expectRefusedOnArrival(answer: RawAnswer): void {
  expect(answer.status).toBe(429);
  expect(answer.headers["retry-after"]).toBe("1");
  expect(parsed(answer)).toEqual({
    errors: [
      {
        message: "Too many refused requests from this client: its query cost budget is empty. Retry in 1 s.",
        extensions: { code: "RATE_LIMITED", retryAfter: 1 },
      },
    ],
  });
}

async function exhaust(address: string): Promise<void> {
  for (let i = 0; i < 2; i++) {
    const answer = await graphqlFrom(t, address, syntaxError);
    expect(answer.status).toBe(400);
    expect(parsed(answer).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  }
}

test("BAZAAR_REFUSAL_PENALTY defaults to 2,000 points; 0 turns it off", () => {
  expect(loadConfig({}).limits.refusalPenalty).toBe(2_000);
  expect(loadConfig({ BAZAAR_REFUSAL_PENALTY: "0" }).limits.refusalPenalty).toBe(0);
});

test("refused requests empty an anonymous client's budget; then it is refused on arrival, whatever it sends", async () => {
  await exhaust("127.0.0.21");
  expectRefusedOnArrival(await graphqlFrom(t, "127.0.0.21", free));
  // Not parsed any more: a syntax error gets the same 429, not a 400.
  expectRefusedOnArrival(await graphqlFrom(t, "127.0.0.21", syntaxError));
});

test("answered requests cost only their query cost: a client that behaves is never blocked", async () => {
  for (let i = 0; i < 20; i++) expect((await graphqlFrom(t, "127.0.0.22", free)).status).toBe(200);
});

test("other clients are unaffected: another address, and a signed-in user on the blocked address", async () => {
  const register = `mutation { register(input: { email: "penalty@example.com", password: "long enough pw", name: "P" }) { token user { ${userFields} } } }`;
  const auth = (parsed(await graphqlFrom(t, "127.0.0.24", register)).data as { register: AuthData }).register;
  await exhaust("127.0.0.23");
  expectRefusedOnArrival(await graphqlFrom(t, "127.0.0.23", free));
  expect((await graphqlFrom(t, "127.0.0.25", free)).status).toBe(200);
  const signedIn = await graphqlFrom(t, "127.0.0.23", "{ me { email } }", {
    authorization: `Bearer ${auth.token}`,
  });
  expect(signedIn.status).toBe(200);
  expect(parsed(signedIn).data).toEqual({ me: { email: "penalty@example.com" } });
});

test("the budget flows back: after Retry-After the client is served again", async () => {
  await exhaust("127.0.0.26");
  expectRefusedOnArrival(await graphqlFrom(t, "127.0.0.26", free));
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const answer = await graphqlFrom(t, "127.0.0.26", free);
  expect(answer.status).toBe(200);
  expect(parsed(answer).data).toEqual({ __typename: "Query" });
});

test("a request refused on arrival is not read: the answer comes before the body, and the connection closes", async () => {
  await exhaust("127.0.0.28");
  const url = new URL("/graphql", t.baseUrl);
  const answer = await new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress: "127.0.0.28",
        headers: { "content-type": "application/json", "content-length": String(512 * 1024) },
      },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection });
      },
    );
    request.on("error", reject);
    // Only the headers and a first chunk: the answer must not wait for the rest.
    request.write("{");
  });
  expect(answer).toEqual({ status: 429, connection: "close" });
});

test("other routes are not metered", async () => {
  await exhaust("127.0.0.27");
  const health = await fetch(`${t.baseUrl}/healthz`);
  expect(health.status).toBe(200);
});
