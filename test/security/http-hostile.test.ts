import { dataOf, registerOk, me, type Account } from "../accounts/account-flows";
import { startTestApp, type TestApp } from "../helpers/test-app";
import {
  internals,
  paddedQueryBody,
  parsed,
  postJson,
  postRaw,
  sendOversize,
  snapshot,
  type DataSnapshot,
  type RawAnswer,
} from "./hostile-flows";

/**
 * Issue 6 § 7, at the HTTP layer: oversize bodies (Fastify's 1 MB bodyLimit → 413, judged
 * from Content-Length before a byte of body is read), batched arrays (off), junk bodies,
 * content types a cross-site form can send (Apollo's CSRF prevention) and unknown
 * operation names. Nothing refused here may execute.
 */

let t: TestApp;
let account: Account;
let baseline: DataSnapshot;

beforeAll(async () => {
  t = await startTestApp();
  account = await registerOk(t);
  baseline = await snapshot(t);
});
afterAll(async () => {
  await t.close();
});

const registerDocument = (email: string): string =>
  `mutation { register(input: { email: "${email}", password: "long enough pw", name: "Mallory" }) { token } }`;
const userCount = (): Promise<number> => t.db.prisma.user.count();

/** Fastify's answer to a body over the limit, tied to the request id it logged. */
function expectTooLarge(answer: RawAnswer): void {
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.text)).toEqual({
    error: "Request body is too large",
    code: "FST_ERR_CTP_BODY_TOO_LARGE",
    requestId: answer.headers["x-request-id"],
  });
}

/** Apollo refusing the request itself: 400, one error with `code`, no data. */
function expectBadRequest(answer: RawAnswer, message: string, code = "BAD_REQUEST"): void {
  expect(answer.status).toBe(400);
  expect(parsed(answer)).toEqual({ errors: [{ message, extensions: { code } }] });
}

describe("bodies over the 1 MB limit: 413 before parsing", () => {
  test("a 5 MB query string in a small JSON envelope is refused from its Content-Length alone", async () => {
    const answer = await sendOversize(t, paddedQueryBody(5 * 1024 * 1024));
    expectTooLarge(answer);
    expect(answer.bytesWritten).toBe(0);
  });

  test("a 2 MB body: 413", async () => {
    const answer = await sendOversize(t, paddedQueryBody(2 * 1024 * 1024));
    expectTooLarge(answer);
    expect(answer.bytesWritten).toBe(0);
  });

  test("a 2 MB body sent chunked (no Content-Length to judge by) is cut off at the limit: 413", async () => {
    expectTooLarge(await sendOversize(t, paddedQueryBody(2 * 1024 * 1024), { chunked: true }));
  });

  test("exactly 1 MB is accepted; 1 MB + 1 byte is not (bytes are limited here, tokens by the parser)", async () => {
    const atLimit = await sendOversize(t, paddedQueryBody(1024 * 1024), { waitMs: 50 });
    expect(atLimit.status).toBe(200);
    expect(parsed(atLimit).data).toEqual({ __typename: "Query" });
    expectTooLarge(await sendOversize(t, paddedQueryBody(1024 * 1024 + 1), { waitMs: 50 }));
  });

  test("a 40 KB query in a GET URL is refused by Node's header limit: 431", async () => {
    const query = encodeURIComponent(`{ __typename ${" ".repeat(40_000)}}`);
    const response = await fetch(`${t.baseUrl}/graphql?query=${query}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(response.status).toBe(431);
    expect(await response.text()).not.toMatch(internals);
  });
});

describe("batched arrays (batching is off)", () => {
  test("1,000 register mutations in one array: 400 BAD_REQUEST, and none of them runs", async () => {
    const before = await userCount();
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      query: registerDocument(`batch.${i}@example.com`),
    }));
    expectBadRequest(await postJson(t, batch), "Operation batching disabled.");
    expect(await userCount()).toBe(before);
  });

  test("even a batch of one is refused", async () => {
    expectBadRequest(await postJson(t, [{ query: "{ __typename }" }]), "Operation batching disabled.");
  });
});

describe("junk bodies: 400, no stack trace", () => {
  test.each([
    [
      "truncated JSON",
      '{"query": "{ __typename }"',
      "Body is not valid JSON but content-type is set to 'application/json'",
      "FST_ERR_CTP_INVALID_JSON_BODY",
    ],
    [
      "not JSON at all",
      "query { __typename }",
      "Body is not valid JSON but content-type is set to 'application/json'",
      "FST_ERR_CTP_INVALID_JSON_BODY",
    ],
    [
      "an empty body",
      "",
      "Body cannot be empty when content-type is set to 'application/json'",
      "FST_ERR_CTP_EMPTY_JSON_BODY",
    ],
    [
      "a __proto__ key (prototype pollution)",
      '{"query": "{ __typename }", "__proto__": {"polluted": true}}',
      "Body is not valid JSON but content-type is set to 'application/json'",
      "FST_ERR_CTP_INVALID_JSON_BODY",
    ],
  ])("%s", async (_label, body, error, code) => {
    const answer = await postRaw(t, body, { "content-type": "application/json" });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ error, code, requestId: answer.headers["x-request-id"] });
    expect(answer.text).not.toMatch(internals);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test.each([
    [
      "a JSON string",
      '"{ __typename }"',
      "POST body missing, invalid Content-Type, or JSON object has no keys.",
    ],
    ["a JSON number", "42", "POST body missing, invalid Content-Type, or JSON object has no keys."],
    ["an empty object", "{}", "POST body missing, invalid Content-Type, or JSON object has no keys."],
    ["a query that is not a string", '{"query": {"$ne": null}}', "GraphQL queries must be strings."],
    [
      "variables as a string",
      '{"query": "{ __typename }", "variables": "{}"}',
      "`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.",
    ],
  ])("%s: 400 BAD_REQUEST", async (_label, body, message) => {
    expectBadRequest(await postRaw(t, body, { "content-type": "application/json" }), message);
  });

  test("a GraphQL syntax error: 400 BAD_USER_INPUT", async () => {
    const answer = await postJson(t, { query: "{ products(first: " });
    expect(answer.status).toBe(400);
    expect(parsed(answer).errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ["Syntax Error: Unexpected <EOF>.", "BAD_USER_INPUT"],
    ]);
  });
});

describe("content types a cross-site form can send: refused, nothing runs", () => {
  const csrf =
    "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header " +
    "(with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value " +
    "for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";

  test.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["text/plain;charset=UTF-8", { "content-type": "text/plain;charset=UTF-8" }],
    ["no content type", {}],
  ])("%s: 400 BAD_REQUEST from CSRF prevention", async (_label, headers: Record<string, string>) => {
    const email = `csrf.${Object.keys(headers).length}.${String(headers["content-type"]).length}@example.com`;
    expectBadRequest(await postRaw(t, JSON.stringify({ query: registerDocument(email) }), headers), csrf);
    expect(await t.db.prisma.user.count({ where: { email } })).toBe(0);
  });

  // A form body never reaches Apollo: Fastify has no parser for it and answers 415 first.
  test.each([
    [
      "application/x-www-form-urlencoded",
      `query=${encodeURIComponent(registerDocument("form@example.com"))}`,
    ],
    [
      "multipart/form-data; boundary=X",
      `--X\r\nContent-Disposition: form-data; name="query"\r\n\r\n${registerDocument("form@example.com")}\r\n--X--\r\n`,
    ],
  ])("%s: 415 Unsupported Media Type", async (contentType, body) => {
    const answer = await postRaw(t, body, { "content-type": contentType });
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.text)).toEqual({
      error: "Unsupported Media Type",
      code: "FST_ERR_CTP_INVALID_MEDIA_TYPE",
      requestId: answer.headers["x-request-id"],
    });
    expect(await t.db.prisma.user.count({ where: { email: "form@example.com" } })).toBe(0);
  });
});

describe("operation names", () => {
  test("an unknown operationName: 400 OPERATION_RESOLUTION_FAILURE, nothing runs", async () => {
    const query = `query Harmless { __typename } ${registerDocument("opname@example.com").replace("mutation", "mutation Evil")}`;
    expectBadRequest(
      await postJson(t, { query, operationName: "Missing" }),
      'Unknown operation named "Missing".',
      "OPERATION_RESOLUTION_FAILURE",
    );
    expect(await t.db.prisma.user.count({ where: { email: "opname@example.com" } })).toBe(0);
  });

  test("several operations and no operationName: 400 OPERATION_RESOLUTION_FAILURE", async () => {
    const answer = await postJson(t, { query: "query A { __typename } query B { __typename }" });
    expectBadRequest(
      answer,
      "Must provide operation name if query contains multiple operations.",
      "OPERATION_RESOLUTION_FAILURE",
    );
  });

  test("an operationName that is not a string: 400 BAD_REQUEST", async () => {
    expectBadRequest(
      await postJson(t, { query: "query A { __typename }", operationName: ["A"] }),
      "`operationName` in a POST body must be a string if provided.",
    );
  });
});

describe("after the hostile requests", () => {
  test("a normal request still works and no data changed", async () => {
    expect(dataOf(await me(t, account.token)).me?.id).toBe(account.user.id);
    expect(await snapshot(t)).toEqual(baseline);
  });
});
