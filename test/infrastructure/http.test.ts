import { createServer, type AddressInfo, type Socket } from "node:net";
import type { GraphQLFormattedError } from "graphql";
import pg from "pg";
import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { createPrismaClient } from "../../src/db/prisma-client";
import { createLogger } from "../../src/logger";
import { formatError } from "../../src/graphql/format-error";
import { startTestApp, useTestApp, type LogRecord, type TestApp } from "../helpers/test-app";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("HTTP endpoints", () => {
  const t = useTestApp();

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${t.baseUrl}${path}`, { headers });

  test("GET /healthz says the process is up", async () => {
    const response = await get("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("GET /readyz says the database answers and the job queue is started", async () => {
    const response = await get("/readyz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: "up", jobs: "up" });
  });

  test.each<Record<string, string>>([
    { "apollo-require-preflight": "true" },
    { "content-type": "application/json" },
  ])("GET /graphql answers a query sent with %j, which a cross-site form cannot send", async (headers) => {
    const response = await get(`/graphql?query=${encodeURIComponent("{ __typename }")}`, headers);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ data: { __typename: "Query" } });
  });

  test("GET /graphql with no preflight header is refused as a possible CSRF", async () => {
    const response = await get(`/graphql?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });

  test("GET /graphql may not run a mutation", async () => {
    const query = encodeURIComponent("mutation { logout }");
    const response = await get(`/graphql?query=${query}`, { "apollo-require-preflight": "true" });
    expect(response.status).toBe(405);
  });

  test.each([
    ["GET", "/healthz"],
    ["GET", "/readyz"],
    ["GET", "/no-such-route"],
    ["POST", "/graphql"],
  ])("%s %s carries a fresh x-request-id", async (method, path) => {
    const send = (): Promise<Response> =>
      fetch(`${t.baseUrl}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        ...(method === "POST" ? { body: JSON.stringify({ query: "{ __typename }" }) } : {}),
      });
    const [first, second] = await Promise.all([send(), send()]);
    expect(first!.headers.get("x-request-id")).toMatch(uuid);
    expect(second!.headers.get("x-request-id")).toMatch(uuid);
    expect(first!.headers.get("x-request-id")).not.toBe(second!.headers.get("x-request-id"));
  });

  test("a malformed JSON body gets 400 without a stack trace", async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query": "{ __typename }"',
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toMatch(/stack|\n\s+at |node_modules|\.ts:\d+/i);
  });
});

describe("when the database goes away", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(200);
    await t.db.pool.end();
  });
  afterAll(async () => {
    // The pool is already ended; ending it again would throw and leave the test database behind.
    t.db.pool.end = async (): Promise<void> => undefined;
    await t.close();
  });

  const errorLogsFor = (requestId: string | null): LogRecord[] =>
    t.logs.filter((line) => line.level >= 50 && (line.reqId === requestId || line.requestId === requestId));

  test("GET /readyz turns 503 within the probe's 2 s budget, while /healthz stays 200", async () => {
    const startedAt = Date.now();
    const response = await fetch(`${t.baseUrl}/readyz`);
    expect(Date.now() - startedAt).toBeLessThan(2_500);
    expect(response.status).toBe(503);
    // The queue's own connections were not ended: it is still up.
    expect(await response.json()).toEqual({ status: "unavailable", database: "down", jobs: "up" });
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
  });

  const warningsFor = (requestId: string | null): LogRecord[] =>
    t.logs.filter((line) => line.level === 40 && (line.reqId === requestId || line.requestId === requestId));

  test("a resolver's database failure is SERVICE_UNAVAILABLE (503), logged with the request id, without internals", async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          'mutation { register(input: { email: "down@example.com", password: "long enough", name: "D" }) { token } }',
      }),
    });
    const requestId = response.headers.get("x-request-id");
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({
      data: null,
      errors: [{ path: ["register"], extensions: { code: "SERVICE_UNAVAILABLE" } }],
    });
    expect(body).not.toMatch(/pool|prisma/i);
    expect(warningsFor(requestId)).toHaveLength(1);
    expect(errorLogsFor(requestId)).toHaveLength(0);
  });

  test("a database failure while resolving the signed-in viewer is SERVICE_UNAVAILABLE (503), logged with the request id", async () => {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${"A".repeat(43)}` },
      body: JSON.stringify({ query: "{ me { id } }" }),
    });
    const requestId = response.headers.get("x-request-id");
    const body = await response.text();
    expect(response.status).toBe(503);
    expect(JSON.parse(body)).toMatchObject({ errors: [{ extensions: { code: "SERVICE_UNAVAILABLE" } }] });
    expect(body).not.toMatch(/pool|prisma|context creation/i);
    // An operator must be able to find the cause from the id the client reports.
    expect(warningsFor(requestId)).toHaveLength(1);
  });
});

describe("when the database hangs", () => {
  // A server that accepts connections and never answers, as a wedged PostgreSQL would.
  const sockets: Socket[] = [];
  const blackHole = createServer((socket) => void sockets.push(socket));
  let pool: pg.Pool;
  let app: App;
  beforeAll(async () => {
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    pool = new pg.Pool({
      connectionString: `postgresql://nobody@127.0.0.1:${(blackHole.address() as AddressInfo).port}/none`,
    });
    pool.on("error", () => undefined);
    app = await buildApp({
      config: loadConfig({ NODE_ENV: "test" }),
      prisma: createPrismaClient(pool),
      pool,
      logger: createLogger({ logLevel: "silent" }),
    });
    await app.http.listen({ host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await app.http.close();
    await pool.end();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  test("GET /readyz gives up after 2 s with 503 instead of hanging", async () => {
    const startedAt = Date.now();
    const response = await fetch(
      `http://127.0.0.1:${(app.http.server.address() as AddressInfo).port}/readyz`,
    );
    const elapsedMs = Date.now() - startedAt;
    expect(response.status).toBe(503);
    expect(elapsedMs).toBeGreaterThanOrEqual(1_900);
    expect(elapsedMs).toBeLessThan(3_000);
  });
});

describe("formatError", () => {
  test("masks an error that has no code as an internal error", () => {
    const result = formatError({ message: 'relation "users" does not exist', path: ["me"] });
    expect(result).toEqual({
      message: "Internal server error.",
      path: ["me"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  test("masks an error whose code is not one meant for clients, and drops its stack", () => {
    const result = formatError({
      message: "connect ECONNREFUSED 10.0.0.5:5432",
      extensions: { code: "P1001", stacktrace: ["Error: connect ECONNREFUSED", "    at TCPConnectWrap"] },
    });
    expect(result).toEqual({
      message: "Internal server error.",
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  test("keeps a client error's message and code but not its stack trace", () => {
    const result = formatError({
      message: "You must be signed in to do this.",
      extensions: {
        code: "UNAUTHENTICATED",
        stacktrace: ["GraphQLError: You must be signed in", "    at me"],
      },
    });
    expect(result).toEqual({
      message: "You must be signed in to do this.",
      extensions: { code: "UNAUTHENTICATED" },
    });
  });

  test("turns class-validator failures into a message naming the field, without echoing the input", () => {
    const error: GraphQLFormattedError = {
      message: "Argument Validation Error",
      path: ["register"],
      extensions: {
        code: "BAD_USER_INPUT",
        validationErrors: [
          {
            property: "password",
            constraints: { isLength: "password must be longer than or equal to 8 characters" },
            value: "secret123",
            target: { password: "secret123" },
          },
        ],
      },
    };
    const result = formatError(error);
    expect(result.message).toContain("password must be longer than or equal to 8 characters");
    expect(result.extensions?.code).toBe("BAD_USER_INPUT");
    expect(result.extensions?.field).toBe("password");
    expect(result.path).toEqual(["register"]);
    expect(JSON.stringify(result)).not.toContain("secret123");
    expect(JSON.stringify(result)).not.toContain("validationErrors");
  });

  test("names nested fields by their path", () => {
    const result = formatError({
      message: "Argument Validation Error",
      extensions: {
        code: "BAD_USER_INPUT",
        validationErrors: [
          {
            property: "input",
            children: [{ property: "email", constraints: { isEmail: "email must be an email" } }],
          },
        ],
      },
    });
    expect(result.extensions?.field).toBe("input.email");
    expect(result.message).toContain("email must be an email");
  });
});
