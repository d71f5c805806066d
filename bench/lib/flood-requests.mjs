// The bad requests of `npm run bench:flood` (the hostile inputs of test/security, as one anonymous
// attacker sends them), how their answers are classified, and the flood itself.

import { Buffer } from "node:buffer";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";

const globalId = (type, key) => Buffer.from(`${type}:${key}`, "utf8").toString("base64");
const json = { "content-type": "application/json" };
const graphql = (query, variables, extra = {}) => ({
  headers: json,
  body: JSON.stringify({ query, ...(variables ? { variables } : {}), ...extra }),
});

/** A JSON body of exactly `bytes` bytes: `{ __typename }` and a comment filling the rest (as the hostile-input suite sends). */
function paddedQueryBody(bytes) {
  const head = '{"query":"{ __typename } #';
  const tail = '"}';
  return Buffer.from(head + "a".repeat(bytes - head.length - tail.length) + tail, "utf8");
}

/** `categories { slug children { slug children { … } } }` whose deepest field is at `depth`. */
function categoryChain(depth) {
  let selection = "slug";
  for (let level = 2; level < depth; level++) selection = `slug children { ${selection} }`;
  return `{ categories { ${selection} } }`;
}

/**
 * @typedef {object} FloodKind
 * @property {string} id
 * @property {string} what                 for the report
 * @property {Record<string, string>} headers
 * @property {string | Buffer} body        built once: autocannon sends the same buffer every time
 */

/**
 * Issue #6's hostile inputs. `victimEmail`: the account whose password is guessed.
 * @returns {FloodKind[]}
 */
export function floodKinds(victimEmail) {
  const register = (i) =>
    `mutation { register(input: { email: "batch.${i}@example.com", password: "long enough pw", name: "Mallory" }) { token } }`;
  return [
    { id: "depth40", what: "`categories { children { … } }` 40 deep", ...graphql(categoryChain(40)) },
    {
      id: "aliases1000",
      what: "1,000 aliases of `__typename`",
      ...graphql(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __typename`).join(" ")} }`),
    },
    {
      id: "overCost",
      what: "`products(first: 100) { variants … reviews(first: 100) }`: over the max cost",
      ...graphql(
        "{ products(first: 100) { edges { node { name variants { sku } reviews(first: 100) { edges { node { rating body } } } } } } }",
      ),
    },
    {
      id: "query5MB",
      what: "a 5 MB query string (Content-Length 5 MB)",
      headers: json,
      body: paddedQueryBody(5 * 1024 * 1024),
    },
    { id: "body2MB", what: "a 2 MB body", headers: json, body: paddedQueryBody(2 * 1024 * 1024) },
    {
      id: "batch1000",
      what: "a JSON array of 1,000 `register` operations",
      headers: json,
      body: JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ query: register(i) }))),
    },
    { id: "malformedJson", what: "truncated JSON", headers: json, body: '{"query": "{ __typename }"' },
    {
      id: "textPlain",
      what: "`text/plain` (a cross-site simple request)",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ query: register("csrf") }),
    },
    {
      id: "formPost",
      what: "`application/x-www-form-urlencoded`",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `query=${encodeURIComponent(register("form"))}`,
    },
    {
      id: "unknownOperation",
      what: "operationName naming no operation",
      ...graphql(
        `
          query Harmless {
            __typename
          }
          ${register("opname").replace("mutation", "mutation Evil")}
        `,
        null,
        { operationName: "Missing" },
      ),
    },
    {
      id: "searchSql",
      what: "`search` with `%`, `_`, quotes and SQL (first: 100)",
      ...graphql(
        "query ($search: String) { products(first: 100, search: $search) { totalCount edges { node { id name } } } }",
        { search: "%_%' OR '1'='1'; DROP TABLE products; --" },
      ),
    },
    {
      id: "searchNul",
      what: "`search` with a NUL character",
      ...graphql(
        "query ($search: String) { products(first: 24, search: $search) { edges { node { id } } } }",
        { search: "lamp\u0000" },
      ),
    },
    {
      id: "hugeFirst",
      what: "`products(first: 1000000)`",
      ...graphql("{ products(first: 1000000) { edges { node { id } } } }"),
    },
    {
      id: "forgedCartId",
      what: "`cart(id)` with SQL in a forged global id",
      ...graphql("query ($id: ID!) { cart(id: $id) { id } }", { id: globalId("Cart", "' OR '1'='1") }),
    },
    {
      id: "nodeMissing",
      what: "`node(id)` of a well-formed Order id that matches nothing",
      ...graphql("query ($id: ID!) { node(id: $id) { id } }", { id: globalId("Order", randomUUID()) }),
    },
    {
      id: "wrongPassword",
      what: "`login` to one customer's email with a wrong password",
      ...graphql("mutation ($input: LoginInput!) { login(input: $input) { token } }", {
        input: { email: victimEmail, password: "wrong guess 1234" },
      }),
    },
  ];
}

/** What a response to a bad request was: `<status> <code>`, the code from GraphQL's `extensions.code` or Fastify's `code`. */
export function classify(status, body) {
  const code = /"code":"([A-Za-z_]+)"/.exec(body ?? "")?.[1];
  if (code) return `${status} ${code}`;
  if (status === 200 && /^\{"data"/.test(body ?? "")) return "200 data";
  return `${status}`;
}

/**
 * One request of a kind on a keep-alive connection, outside the load: its answer, and
 * whether Bazaar closes the connection after it (oversize and unparsable bodies: Fastify
 * cannot tell where the next request would start). A request the server hung up on
 * before answering (EPIPE, ECONNRESET while still writing) has `error` and counts as closing.
 * @returns {Promise<{ answer: string, closes: boolean, error?: string }>}
 */
export function sendKind(baseUrl, kind) {
  const target = new URL("/graphql", baseUrl);
  const agent = new http.Agent({ keepAlive: true });
  return new Promise((resolve) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        agent,
        timeout: 30_000,
        headers: { ...kind.headers, "content-length": Buffer.byteLength(kind.body) },
      },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            answer: classify(response.statusCode ?? 0, Buffer.concat(chunks).toString("utf8")),
            closes: response.headers.connection === "close",
          }),
        );
      },
    );
    request.on("error", (error) =>
      resolve({
        answer: `no answer (${error.code ?? error.message})`,
        closes: true,
        error: error.code ?? error.message,
      }),
    );
    request.end(kind.body);
  }).finally(() => agent.destroy());
}

/**
 * Bad requests at full speed for `seconds` from `connections` connections, each sending
 * its kinds in turn, the next as soon as the last is answered (or its connection dropped).
 *
 * Kinds after which Bazaar closes the connection (`closing` ids) get their own share of
 * the connections and go out one by one on a new connection each (`sendKind`): on a shared
 * keep-alive connection autocannon writes the next request into the closing socket and
 * loses it, and its `reconnectRate` skips the answers. The others go through autocannon,
 * each request carrying `x-request-id: flood-<kind>`, which Bazaar echoes: answers are
 * counted under the request that caused them whatever autocannon's bookkeeping does.
 * `onStart` runs once the flood is sending.
 */
export async function runFlood({ baseUrl, kinds, closing = [], connections, seconds, onStart }) {
  const mix = Object.fromEntries(kinds.map((k) => [k.id, {}]));
  const unattributed = {};
  const errorKinds = {};
  const count = (counts, key) => (counts[key] = (counts[key] ?? 0) + 1);
  const [open, closers] = [
    kinds.filter((k) => !closing.includes(k.id)),
    kinds.filter((k) => closing.includes(k.id)),
  ];
  const closingConnections =
    closers.length === 0
      ? 0
      : open.length === 0
        ? connections
        : Math.min(connections - 1, Math.max(1, Math.round((connections * closers.length) / kinds.length)));

  const started = performance.now();
  const autocannonRun =
    open.length === 0
      ? null
      : autocannon({
          url: baseUrl,
          connections: connections - closingConnections,
          duration: seconds,
          timeout: 30,
          requests: open.map((kind) => ({
            method: "POST",
            path: "/graphql",
            headers: { ...kind.headers, "x-request-id": `flood-${kind.id}` },
            body: kind.body,
            onResponse: (status, body, _context, headers) =>
              count(
                mix[String(headers?.["x-request-id"] ?? "").replace(/^flood-/, "")] ?? unattributed,
                classify(status, body),
              ),
          })),
        });
  autocannonRun?.on("reqError", (error) => count(errorKinds, error.code ?? error.message));
  const deadline = started + seconds * 1000;
  const closingLoops = Array.from({ length: closingConnections }, async (_, loop) => {
    for (let i = loop; performance.now() < deadline; i++) {
      const kind = closers[i % closers.length];
      const { answer, error } = await sendKind(baseUrl, kind);
      if (error) count(errorKinds, `${kind.id}: ${error}`);
      else count(mix[kind.id], answer);
    }
  });
  onStart?.();
  const [result] = await Promise.all([autocannonRun, ...closingLoops]);
  const duration = Math.max(result?.duration ?? 0, (performance.now() - started) / 1000);
  if (Object.keys(unattributed).length) mix["(no request id)"] = unattributed;
  const answered = Object.values(mix).reduce(
    (sum, codes) => sum + Object.values(codes).reduce((a, b) => a + b, 0),
    0,
  );
  const closingErrors = Object.entries(errorKinds)
    .filter(([key]) => key.includes(": "))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    answered,
    rps: answered / duration,
    seconds: duration,
    errors: (result?.errors ?? 0) + closingErrors,
    timeouts: result?.timeouts ?? 0,
    errorKinds,
    mix,
    closingConnections,
  };
}
