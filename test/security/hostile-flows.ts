import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";

/**
 * Plumbing shared by the hostile-input suite: raw HTTP where the test
 * helper's well-behaved `fetch` cannot say what an attacker sends, query builders for
 * the operation limits, and a snapshot of the data that hostile requests must not touch.
 */

/** An answer read off the wire, whatever its content type. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: Record<string, unknown> & { code?: string } }[];
  extensions?: Record<string, unknown>;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return flat;
}

/** POSTs `body` verbatim to /graphql with exactly these headers (none added). */
export async function postRaw(t: TestApp, body: string, headers: Record<string, string>): Promise<RawAnswer> {
  const response = await fetch(`${t.baseUrl}/graphql`, { method: "POST", headers, body });
  const flat: Record<string, string> = {};
  response.headers.forEach((value, name) => void (flat[name] = value));
  return { status: response.status, headers: flat, text: await response.text() };
}

/** POSTs a JSON body (any JSON value, e.g. a batch array) as `application/json`. */
export function postJson(
  t: TestApp,
  value: unknown,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return postRaw(t, JSON.stringify(value), { "content-type": "application/json", ...headers });
}

/** A query costing `points` (a multiple of 3): `products(first: n) { edges { node { id } } }` costs n × 3. */
export function costing(points: number): string {
  return `{ products(first: ${points / 3}) { edges { node { id } } } }`;
}

export function parsed(answer: RawAnswer): GraphQLBody {
  return JSON.parse(answer.text) as GraphQLBody;
}

/** No stack frames, source paths, SQL or driver names in what a client sees. */
export const internals =
  /stack|\n\s+at |node_modules|\.ts:\d+|\.js:\d+|prisma|postgres|pglite|SELECT |INSERT |syntax error at/i;

/**
 * One GraphQL POST over node:http, optionally from another loopback address (Linux
 * routes all of 127/8 to `lo`), so a test can be a second anonymous client.
 */
export function graphqlFrom(
  t: Pick<TestApp, "baseUrl">,
  localAddress: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  const url = new URL("/graphql", t.baseUrl);
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        agent: false,
        headers: { "content-type": "application/json", ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flatten(res.headers),
            text: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Registers from another loopback address (so 127.0.0.1's budget is untouched); returns the session token. */
export async function registerFrom(t: TestApp, address: string, email: string): Promise<string> {
  const query = `mutation { register(input: { email: "${email}", password: "long enough pw", name: "Budget" }) { token } }`;
  const answer = parsed(await graphqlFrom(t, address, query));
  return (answer.data as { register: { token: string } }).register.token;
}

/** A JSON body of exactly `bytes` bytes whose `query` is `{ __typename }` plus a comment filling the rest. */
export function paddedQueryBody(bytes: number): Buffer {
  const head = '{"query":"{ __typename } #';
  const tail = '"}';
  return Buffer.from(head + "a".repeat(bytes - head.length - tail.length) + tail, "utf8");
}

export interface OversizeAnswer extends RawAnswer {
  /** Body bytes handed to the socket before the answer arrived. */
  bytesWritten: number;
}

/**
 * Sends an oversize body the way the notes (graphql-gotchas.md) say it must be sent:
 * Fastify answers 413 from `Content-Length` and closes the socket, so a client still
 * writing sees EPIPE instead of the answer. Here the headers go first and the body only
 * if no answer came within `waitMs`; with `chunked` (no length to judge by) the body is
 * written slice by slice until the answer arrives. A socket error counts only if no
 * answer was read.
 */
export function sendOversize(
  t: TestApp,
  body: Buffer,
  options: { chunked?: boolean; waitMs?: number } = {},
): Promise<OversizeAnswer> {
  const url = new URL("/graphql", t.baseUrl);
  const framing: Record<string, string> = options.chunked
    ? { "transfer-encoding": "chunked" }
    : { "content-length": String(body.length) };
  return new Promise((resolve, reject) => {
    let answered = false;
    let bytesWritten = 0;
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", ...framing },
    });
    req.on("response", (res) => {
      answered = true;
      clearTimeout(timer);
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve({
          status: res.statusCode ?? 0,
          headers: flatten(res.headers),
          text: Buffer.concat(chunks).toString("utf8"),
          bytesWritten,
        });
        req.destroy();
      });
      res.on("error", reject);
    });
    // EPIPE / ECONNRESET once the server has answered and hung up are expected.
    req.on("error", (error) => (answered ? undefined : reject(error)));
    req.flushHeaders();

    const slice = 64 * 1024;
    const writeFrom = (offset: number): void => {
      if (answered || req.destroyed) return;
      if (offset >= body.length) return void req.end();
      const chunk = body.subarray(offset, offset + slice);
      req.write(chunk, () => {
        bytesWritten += chunk.length;
        writeFrom(offset + slice);
      });
    };
    // Events arrive asynchronously, so `timer` is set before the response handler can run.
    const timer = setTimeout(() => writeFrom(0), options.chunked ? 0 : (options.waitMs ?? 2_000));
  });
}

// ---- operation shapes ----

/** `categories { slug children { slug children { … slug } } }` whose deepest field is at `depth`. */
export function categoryChain(depth: number): string {
  let selection = "slug";
  for (let level = 2; level < depth; level++) selection = `slug children { ${selection} }`;
  return `{ categories { ${selection} } }`;
}

/**
 * products → reviews → product → reviews … (a cycle in the schema) whose deepest field is
 * at `depth`; every page is 1 long, so the cost stays small and only depth can refuse it.
 */
export function reviewCycle(depth: number): string {
  const cycle = ["reviews(first: 1)", "edges", "node", "product"];
  const path = ["products(first: 1)", "edges", "node"].slice(0, depth - 1);
  while (path.length < depth - 1) path.push(cycle[(path.length - 3) % cycle.length]!);
  const last = path.at(-1)!;
  const leaf = last === "edges" ? "cursor" : last.includes("(") ? "totalCount" : "id";
  return `{ ${path.reduceRight((inner, field) => `${field} { ${inner} }`, leaf)} }`;
}

/** `n` aliased copies of `field`, e.g. `a0: id a1: id …`. */
export function aliased(n: number, field: string): string {
  return Array.from({ length: n }, (_, index) => `a${index}: ${field}`).join(" ");
}

/** A refused operation: HTTP 400, one QUERY_TOO_COMPLEX error that names the limit and the overage, no data. */
export function expectTooComplex(
  response: GraphQLResponse<unknown>,
  limit: string,
  actual: number,
  maximum: number,
  what: string,
): void {
  expect(response.status).toBe(400);
  expect(response.data).toBeUndefined();
  expect(response.errors).toEqual([
    {
      message: `The operation has ${actual} ${what}; at most ${maximum} are allowed (over by ${actual - maximum}).`,
      extensions: { code: "QUERY_TOO_COMPLEX", limit, actual, maximum },
    },
  ]);
}

// ---- inputs ----

/** The same text in full-width forms (U+FF01…U+FF5E), which NFKC folds back onto ASCII. */
export function fullWidth(text: string): string {
  return [...text]
    .map((char) => (char >= "!" && char <= "~" ? String.fromCodePoint(char.codePointAt(0)! + 0xfee0) : char))
    .join("");
}

/**
 * A NUL character in a string argument is the client's mistake (PostgreSQL text cannot
 * hold one): BAD_USER_INPUT naming the field, like `search` already answers — never a
 * masked database error. Refused while executing (HTTP 200, as `search` is) or before it
 * (HTTP 400) are both right; the field may be given with its input path (`input.email`).
 */
export function expectNulRefused(response: GraphQLResponse<unknown>, field: string): void {
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  expect(String(response.errors?.[0]?.extensions?.field)).toMatch(new RegExp(`(^|\\.)${field}$`));
  expect([200, 400]).toContain(response.status);
}

// ---- what must not change ----

/** Row counts and the fields hostile requests could corrupt (prices, stock, statuses, quantities, emails). */
export interface DataSnapshot {
  counts: Record<string, number>;
  rows: Record<string, string[]>;
}

export async function snapshot(t: TestApp): Promise<DataSnapshot> {
  const db = t.db.prisma;
  const [users, categories, products, variants, orders, carts, cartLines, addresses] = await Promise.all([
    db.user.findMany({ select: { id: true, email: true, name: true } }),
    db.category.findMany({ select: { id: true, slug: true, parentId: true } }),
    db.product.findMany({ select: { id: true, name: true, slug: true, archivedAt: true } }),
    db.productVariant.findMany({ select: { id: true, priceAmount: true, quantityAvailable: true } }),
    db.order.findMany({ select: { id: true, status: true } }),
    db.cart.findMany({ select: { id: true, userId: true } }),
    db.cartLine.findMany({ select: { id: true, cartId: true, quantity: true } }),
    db.address.findMany({ select: { id: true, userId: true, fullName: true } }),
  ]);
  const [orderLines, reviews, payments] = await Promise.all([
    db.orderLine.count(),
    db.review.count(),
    db.payment.count(),
  ]);
  const rows: Record<string, string[]> = {
    users: users.map((r) => `${r.id} ${r.email} ${r.name}`),
    categories: categories.map((r) => `${r.id} ${r.slug} ${r.parentId}`),
    products: products.map((r) => `${r.id} ${r.name} ${r.slug} ${r.archivedAt?.toISOString()}`),
    variants: variants.map((r) => `${r.id} ${r.priceAmount} ${r.quantityAvailable}`),
    orders: orders.map((r) => `${r.id} ${r.status}`),
    carts: carts.map((r) => `${r.id} ${r.userId}`),
    cartLines: cartLines.map((r) => `${r.id} ${r.cartId} ${r.quantity}`),
    addresses: addresses.map((r) => `${r.id} ${r.userId} ${r.fullName}`),
  };
  for (const list of Object.values(rows)) list.sort();
  const counts: Record<string, number> = { orderLines, reviews, payments };
  for (const [table, list] of Object.entries(rows)) counts[table] = list.length;
  return { counts, rows };
}
