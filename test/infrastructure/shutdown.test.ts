import http from "node:http";
import { startTestApp, type GraphQLResponse, type TestApp } from "../helpers/test-app";

/**
 * Graceful shutdown, as main.ts does it on SIGTERM: `app.http.close()` stops accepting,
 * lets the requests in flight finish, and only then resolves (the database is closed after).
 */

interface Registered {
  register: { token: string; user: { email: string } };
}

const requestCount = 6;
const emails = Array.from({ length: requestCount }, (_, i) => `shutdown.${process.pid}.${i}@example.com`);

/** Resolves once `condition` holds, polling every millisecond or two. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The error a GET on a fresh connection (no keep-alive reuse) ends with, if any. */
function errorOfFreshRequest(url: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      resolve(undefined);
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error));
  });
}

/** How long close() may take once the requests are answered: main.ts exits with code 1 after 10 s. */
const closeBudgetMs = 5_000;

let t: TestApp;
let closing: Promise<void>;
let responses: GraphQLResponse<Registered>[];
let inFlightWhenClosing: number;
let completedWhenClosed: number | undefined;
let closeMs: number | undefined;

const completedCount = (): number => t.logs.filter((line) => line.msg === "request completed").length;

beforeAll(async () => {
  t = await startTestApp();
  const requests = emails.map((email) =>
    t.graphql<Registered>(
      "mutation ($input: RegisterInput!) { register(input: $input) { token user { email } } }",
      { input: { email, password: "correct horse battery", name: "Shut Down" } },
    ),
  );
  // Every request has reached a handler: none is left waiting in the accept queue.
  await waitFor(
    () => t.logs.filter((line) => line.msg === "incoming request").length === requestCount,
    "the requests to arrive",
  );
  inFlightWhenClosing = requestCount - completedCount();
  const startedAt = Date.now();
  closing = t.app.http.close().then(() => {
    completedWhenClosed = completedCount();
    closeMs = Date.now() - startedAt;
  });
  responses = await Promise.all(requests);
  // Bounded, so a close() that hangs fails the test below instead of timing out the whole file.
  await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, closeBudgetMs).unref())]);
});

afterAll(async () => {
  // If close() is still waiting on idle keep-alive sockets, drop them so the file can end.
  t.app.http.server.closeAllConnections();
  await closing;
  await t.close();
});

test("close() was called while requests were still being served", () => {
  expect(inFlightWhenClosing).toBeGreaterThan(0);
});

test("every request in flight got its full answer", () => {
  expect(responses).toHaveLength(requestCount);
  for (const [i, response] of responses.entries()) {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.data?.register.user.email).toBe(emails[i]);
    expect(response.data?.register.token).toEqual(expect.any(String));
  }
});

test("close() resolves once they have all completed, without waiting for their idle keep-alive sockets to time out", () => {
  if (closeMs === undefined) {
    throw new Error(`app.http.close() had not resolved ${closeBudgetMs} ms after every request was answered`);
  }
  expect(completedWhenClosed).toBe(requestCount);
});

test("their writes reached the database, which close() leaves open", async () => {
  const users = await t.db.prisma.user.findMany({
    where: { email: { in: emails } },
    select: { email: true, _count: { select: { sessions: true } } },
  });
  expect(users.map((user) => user.email).sort()).toEqual([...emails].sort());
  expect(users.every((user) => user._count.sessions === 1)).toBe(true);
});

test("a new connection is refused as soon as close() is called", async () => {
  const error = await errorOfFreshRequest(`${t.baseUrl}/healthz`);
  expect(error?.code).toBe("ECONNREFUSED");
});
