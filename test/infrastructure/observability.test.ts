import { startTestApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ BAZAAR_CORS_ORIGINS: "https://shop.example.com" });
});
afterAll(() => t.close());

test("/metrics speaks Prometheus: operations by name and outcome, errors by code, pool, event-loop lag", async () => {
  await t.graphql("query Storefront { products(first: 1) { edges { node { id } } } }");
  await t.graphql("query Broken { product { id } }");
  const response = await fetch(`${t.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/plain");
  const text = await response.text();
  expect(text).toMatch(/bazaar_graphql_requests_total\{operation="Storefront",outcome="ok"\} 1/);
  expect(text).toMatch(/bazaar_graphql_requests_total\{operation="Broken",outcome="error"\} 1/);
  expect(text).toMatch(/bazaar_graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
  expect(text).toMatch(/bazaar_graphql_request_duration_seconds_bucket\{le="0.5",operation="Storefront"\}/);
  expect(text).toMatch(/bazaar_db_pool_connections\{state="in_use"\}/);
  expect(text).toMatch(/nodejs_eventloop_lag_seconds/);
});

test("each operation is logged once with request id, name, duration, cost and viewer — never the token", async () => {
  const register = await t.graphql<{ register: { token: string } }>(
    `mutation SignUp($input: RegisterInput!) { register(input: $input) { token } }`,
    { input: { email: "logged@example.com", password: "correct horse", name: "Logged" } },
  );
  const token = register.data!.register.token;
  await t.graphql("query Me { me { id } }", {}, { token });
  const line = t.logs.find((record) => record.msg === "graphql operation" && record.operationName === "Me");
  expect(line).toMatchObject({
    requestId: expect.any(String),
    durationMs: expect.any(Number),
    viewerId: expect.any(String),
  });
  expect(line?.cost).toMatchObject({ requested: expect.any(Number), remaining: expect.any(Number) });
  expect(JSON.stringify(t.logs)).not.toContain(token);
});

test("non-GraphQL routes carry security headers", async () => {
  const response = await fetch(`${t.baseUrl}/healthz`);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
});

test("CORS answers only the configured origins", async () => {
  const preflight = (origin: string) =>
    fetch(`${t.baseUrl}/graphql`, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
  const allowed = await preflight("https://shop.example.com");
  expect(allowed.headers.get("access-control-allow-origin")).toBe("https://shop.example.com");
  const refused = await preflight("https://evil.example.net");
  expect(refused.headers.get("access-control-allow-origin")).toBeNull();
});
