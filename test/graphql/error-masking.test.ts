import { GraphQLError, parse, type GraphQLFormattedError } from "graphql";
import { badUserInput } from "../../src/graphql/errors";
import { formatError } from "../../src/graphql/format-error";
import { errorCodes, startTestApp, type LogRecord, type TestApp } from "../helpers/test-app";

/** As Apollo's `formatError` receives an error: its JSON form, and the error itself. */
function format(error: GraphQLError): GraphQLFormattedError {
  return formatError(
    {
      ...error.toJSON(),
      extensions: { ...error.extensions, code: error.extensions.code ?? "INTERNAL_SERVER_ERROR" },
    },
    error,
  );
}

/** A resolver's error as graphql-js reports it: located at a path, the thrown error as cause. */
function thrownByResolver(thrown: Error): GraphQLError {
  return new GraphQLError(thrown.message, { path: ["me"], originalError: thrown });
}

/** Apollo's error for a document that does not parse (its class is internal: same shape). */
function parseFailure(document: string, maxTokens?: number): GraphQLError {
  try {
    parse(document, { maxTokens });
  } catch (error) {
    const syntaxError = error as GraphQLError;
    return new GraphQLError(syntaxError.message, {
      source: syntaxError.source,
      positions: syntaxError.positions,
      originalError: syntaxError,
      extensions: { code: "GRAPHQL_PARSE_FAILED" },
    });
  }
  throw new Error(`${document} parses`);
}

describe("formatError masks by where an error came from, not by what it says", () => {
  test("a BazaarError thrown by a resolver keeps its message and code", () => {
    expect(format(thrownByResolver(badUserInput("id is not a valid global id.", "id")))).toEqual({
      message: "id is not a valid global id.",
      path: ["me"],
      extensions: { code: "BAD_USER_INPUT", field: "id" },
    });
  });

  test("any other GraphQLError thrown by a resolver is masked, whatever code it claims", () => {
    const claimed = new GraphQLError("secret internals", { extensions: { code: "BAD_USER_INPUT" } });
    expect(format(thrownByResolver(claimed))).toEqual({
      message: "Internal server error.",
      path: ["me"],
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    });
  });

  test("Apollo's persisted-query mismatch is not recognised by its words (the plugin checks the hash)", () => {
    expect(format(new GraphQLError("provided sha does not match query")).extensions).toEqual({
      code: "INTERNAL_SERVER_ERROR",
    });
  });

  test("a syntax error that mentions `tokens` is the client's input, not the token limit", () => {
    const error = parseFailure('{ me "tokens" }');
    expect(error.message).toContain("tokens");
    expect(format(error).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  test("the parser's token limit is QUERY_TOO_COMPLEX", () => {
    expect(format(parseFailure("{ a b c d e f }", 5)).extensions).toEqual({ code: "QUERY_TOO_COMPLEX" });
  });

  test("a document over the limit is QUERY_TOO_COMPLEX even when it is broken further on; a broken one within the limit is BAD_USER_INPUT", () => {
    expect(format(parseFailure("{ a b c d e f ) }", 5)).extensions).toEqual({ code: "QUERY_TOO_COMPLEX" });
    expect(format(parseFailure("{ a b c d ) }", 6)).extensions).toEqual({ code: "BAD_USER_INPUT" });
    expect(format(parseFailure("{ a b c d ) }")).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });

  test("when the first token past the limit is itself a syntax error, both are true: it is answered as the syntax error", () => {
    // `)` is the 6th token: the parser stops before reading it, and it would be refused if read.
    expect(format(parseFailure("{ a b c d ) }", 5)).extensions).toEqual({ code: "BAD_USER_INPUT" });
  });
});

describe("an unexpected error, over HTTP", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    // Faults of ours, not the database being away: a table the code expects is not there.
    await t.db.pool.query("ALTER TABLE categories RENAME TO categories_gone");
    await t.db.pool.query("ALTER TABLE sessions RENAME TO sessions_gone");
  });
  afterAll(() => t.close());

  const errorLogsFor = (requestId: string | null): LogRecord[] =>
    t.logs.filter((line) => line.level >= 50 && (line.requestId === requestId || line.reqId === requestId));

  async function post(query: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${t.baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors: GraphQLFormattedError[] };
    return { status: response.status, requestId: response.headers.get("x-request-id"), errors: body.errors };
  }

  test("thrown in a resolver: masked as INTERNAL_SERVER_ERROR carrying the response's request id, logged unmasked with its stack under that id", async () => {
    const { requestId, errors } = await post("{ categories { id } }");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(errors).toEqual([
      {
        message: "Internal server error.",
        path: ["categories"],
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
      },
    ]);
    const [logged, ...more] = errorLogsFor(requestId);
    expect(more).toEqual([]);
    expect(logged).toMatchObject({
      msg: "unexpected error while serving GraphQL",
      err: { stack: expect.stringContaining("categories") },
    });
  });

  test("thrown while resolving the signed-in viewer: 500 INTERNAL_SERVER_ERROR carrying the request id, logged under it", async () => {
    const { status, requestId, errors } = await post("{ me { id } }", {
      authorization: `Bearer ${"A".repeat(43)}`,
    });
    expect(status).toBe(500);
    expect(errors).toEqual([
      { message: "Internal server error.", extensions: { code: "INTERNAL_SERVER_ERROR", requestId } },
    ]);
    expect(errorLogsFor(requestId)).toEqual([
      expect.objectContaining({
        msg: "could not resolve the viewer",
        err: expect.objectContaining({ stack: expect.any(String) }),
      }),
    ]);
  });

  test("a document that merely mentions `tokens` is 400 BAD_USER_INPUT", async () => {
    const response = await t.graphql('{ me "tokens" }');
    expect([response.status, errorCodes(response)]).toEqual([400, ["BAD_USER_INPUT"]]);
  });
});
