// The physical-limit reference of `npm run bench`: bare `node:http` + `pg`, ONE prepared SQL
// statement per request that builds the whole response JSON inside PostgreSQL (json_agg +
// correlated/LATERAL subqueries). No GraphQL: it recognises the benchmark's operations by
// `operationName` and answers exactly what Bazaar answers for them (the bench checks that).
//
// Env: DATABASE_URL, PORT, HOST (default 127.0.0.1), POOL_SIZE (default 10), CURRENCY (USD),
// SEARCH_RANK_LIMIT (500: Bazaar's BAZAAR_SEARCH_RANK_LIMIT, the matches W5 ranks).
// GET /metrics → `bazaar_db_statements_total N` (the same name Bazaar uses); GET /healthz.

import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import http from "node:http";
import { setTimeout } from "node:timers";
import pg from "pg";

const currency = process.env.CURRENCY ?? "USD";
const searchRankLimit = Number(process.env.SEARCH_RANK_LIMIT ?? 500);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
pool.on("error", () => undefined);
let statements = 0;
let requests = 0;

/** Decimal string of minor units, as Bazaar's `formatMinorUnits` (amounts are never negative here). */
const amount = (sql) => `((${sql}) / 100)::text || '.' || lpad(((${sql}) % 100)::text, 2, '0')`;
/** Relay global id: base64 of `<Type>:<uuid>` (short enough that PostgreSQL never wraps the line). */
const globalId = (type, sql) => `encode(convert_to('${type}:' || (${sql})::text, 'UTF8'), 'base64')`;
/** Bazaar's DateTime: ISO-8601, milliseconds, UTC. */
const isoTime = (sql) => `to_char((${sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** RatingSummary.average: two decimals, null without reviews. */
const ratingAverage = (p) =>
  `CASE WHEN ${p}.rating_count = 0 THEN NULL ELSE round(${p}.rating_sum::numeric / ${p}.rating_count, 2)::float8 END`;
const rating = (p) => `json_build_object('average', ${ratingAverage(p)}, 'count', ${p}.rating_count)`;

/**
 * W1 (and W1S): storefront listing of a category and its sub-categories, newest first, as
 * Bazaar reads it: each category's newest products from its own index, merged and cut to
 * the page. $1 category, $2 page size.
 */
const w1 = `
WITH RECURSIVE tree AS (
  SELECT id FROM categories WHERE id = $1::uuid
  UNION ALL SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
), page AS (
  SELECT listed.* FROM tree CROSS JOIN LATERAL (
    SELECT p.id, p.name, p.category_id, p.min_price_amount, p.rating_count, p.rating_sum, p.created_at
    FROM products p
    WHERE p.category_id = tree.id AND p.archived_at IS NULL
    ORDER BY p.created_at DESC, p.id DESC
    LIMIT $2::int
  ) listed
  ORDER BY listed.created_at DESC, listed.id DESC
  LIMIT $2::int
)
SELECT json_build_object('data', json_build_object('products', json_build_object('edges', coalesce(json_agg(
  json_build_object('node', json_build_object(
    'name', page.name,
    'category', (SELECT json_build_object('name', c.name, 'parent',
                   (SELECT json_build_object('name', pc.name) FROM categories pc WHERE pc.id = c.parent_id))
                 FROM categories c WHERE c.id = page.category_id),
    'variants', coalesce((SELECT json_agg(json_build_object('sku', v.sku, 'price', json_build_object('amount', ${amount("v.price_amount")}),
                                                            'inStock', v.quantity_available > 0) ORDER BY v.position, v.id)
                          FROM product_variants v WHERE v.product_id = page.id), '[]'::json),
    'priceRange', json_build_object('min', json_build_object('amount', ${amount("page.min_price_amount")})),
    'rating', ${rating("page")},
    'reviews', json_build_object('edges', coalesce((
        SELECT json_agg(json_build_object('node', json_build_object('rating', r.rating, 'authorName', r.author_name))
                        ORDER BY r.created_at DESC, r.id DESC)
        FROM (SELECT r.rating, r.author_name, r.created_at, r.id FROM reviews r WHERE r.product_id = page.id
              ORDER BY r.created_at DESC, r.id DESC LIMIT 3) r), '[]'::json))
  )) ORDER BY page.created_at DESC, page.id DESC), '[]'::json))))::text AS body
FROM page`;

/** W2: a product page by slug, with variants and the newest 5 reviews. $1 slug, $2 currency. */
const w2 = `
SELECT json_build_object('data', json_build_object('product', (
  SELECT json_build_object(
    'id', ${globalId("Product", "p.id")}, 'name', p.name, 'slug', p.slug, 'description', p.description,
    'imageUrls', to_json(p.image_urls),
    'category', (SELECT json_build_object('name', c.name) FROM categories c WHERE c.id = p.category_id),
    'priceRange', json_build_object('min', json_build_object('amount', ${amount("p.min_price_amount")}),
                                    'max', json_build_object('amount', ${amount("p.max_price_amount")})),
    'rating', ${rating("p")},
    'variants', coalesce((SELECT json_agg(json_build_object(
        'id', ${globalId("ProductVariant", "v.id")}, 'sku', v.sku, 'name', v.name, 'options', v.options,
        'price', json_build_object('amount', ${amount("v.price_amount")}, 'currencyCode', $2::text),
        'quantityAvailable', v.quantity_available, 'inStock', v.quantity_available > 0) ORDER BY v.position, v.id)
      FROM product_variants v WHERE v.product_id = p.id), '[]'::json),
    'reviews', (SELECT json_build_object(
        'totalCount', p.rating_count,
        'pageInfo', json_build_object('hasNextPage', count(*) > 5),
        'edges', coalesce(json_agg(json_build_object('node', json_build_object(
            'rating', r.rating, 'title', r.title, 'body', r.body, 'authorName', r.author_name, 'createdAt', ${isoTime("r.created_at")}))
          ORDER BY r.created_at DESC, r.id DESC) FILTER (WHERE r.n <= 5), '[]'::json))
      FROM (SELECT r.*, row_number() OVER (ORDER BY r.created_at DESC, r.id DESC) AS n
            FROM (SELECT * FROM reviews r WHERE r.product_id = p.id ORDER BY r.created_at DESC, r.id DESC LIMIT 6) r) r)
  )
  FROM products p WHERE p.slug = $1::text AND p.archived_at IS NULL)))::text AS body`;

/** W3: the signed-in customer's 5 newest orders, their lines, variants and products. $1 SHA-256 of the token. */
const w3 = `
SELECT json_build_object('data', json_build_object('me', (
  SELECT json_build_object('orders', json_build_object('edges', coalesce((
    SELECT json_agg(json_build_object('node', json_build_object('lines', coalesce((
        SELECT json_agg(json_build_object('variant', (
            SELECT json_build_object('product', json_build_object('name', p.name))
            FROM product_variants v JOIN products p ON p.id = v.product_id WHERE v.id = l.variant_id))
          ORDER BY l.position, l.id)
        FROM order_lines l WHERE l.order_id = o.id), '[]'::json))) ORDER BY o.created_at DESC, o.id DESC)
    FROM (SELECT o.id, o.created_at FROM orders o WHERE o.user_id = u.id ORDER BY o.created_at DESC, o.id DESC LIMIT 5) o),
    '[]'::json)))
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = $1::bytea AND s.revoked_at IS NULL AND s.expires_at > now())))::text AS body`;

/**
 * W4: addToCart on a guest cart, in ONE statement: lock the cart, check the variant is on
 * sale with enough stock (line at most 99), upsert the line, touch the cart, and answer the
 * cart as it is after the change (a statement's own writes are invisible to its reads, so
 * the upserted line is merged in from RETURNING). $1 cart, $2 variant, $3 quantity.
 */
const w4 = `
WITH cart AS (
  SELECT id FROM carts WHERE id = $1::uuid AND user_id IS NULL FOR UPDATE
), variant AS (
  SELECT v.id, v.quantity_available FROM product_variants v JOIN products p ON p.id = v.product_id
  WHERE v.id = $2::uuid AND p.archived_at IS NULL
), upserted AS (
  INSERT INTO cart_lines (cart_id, variant_id, quantity)
  SELECT cart.id, variant.id, $3::int FROM cart, variant
  WHERE coalesce((SELECT l.quantity FROM cart_lines l WHERE l.cart_id = $1::uuid AND l.variant_id = $2::uuid), 0) + $3::int
        <= least(99, variant.quantity_available)
  ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_lines.quantity + EXCLUDED.quantity
  RETURNING id, variant_id, quantity, created_at
), touched AS (
  UPDATE carts SET updated_at = now() WHERE id = $1::uuid AND EXISTS (SELECT 1 FROM upserted) RETURNING id
), lines AS (
  SELECT l.id, l.variant_id, l.quantity, l.created_at FROM cart_lines l
  WHERE l.cart_id = $1::uuid AND l.variant_id <> $2::uuid AND EXISTS (SELECT 1 FROM upserted)
  UNION ALL SELECT id, variant_id, quantity, created_at FROM upserted
)
SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM upserted)
  THEN '{"errors":[{"message":"cart, variant or stock refused the line","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}'
  ELSE json_build_object('data', json_build_object('addToCart', json_build_object(
    'totalQuantity', (SELECT sum(l.quantity) FROM lines l)::int,
    'subtotal', (SELECT json_build_object('amount', ${amount("coalesce(sum(v.price_amount * l.quantity), 0)")})
                 FROM lines l JOIN product_variants v ON v.id = l.variant_id),
    'lines', (SELECT json_agg(json_build_object('quantity', l.quantity,
                'variant', json_build_object('sku', v.sku, 'price', json_build_object('amount', ${amount("v.price_amount")})))
                ORDER BY l.created_at, l.id)
              FROM lines l JOIN product_variants v ON v.id = l.variant_id))))::text
  END AS body`;

/**
 * W5: full-text search ranked by relevance (ties: id), as Bazaar's RELEVANCE: the first
 * $3 matches in storage order are ranked (Bazaar's BAZAAR_SEARCH_RANK_LIMIT; the TID range
 * keeps a synchronized sequential scan, which starts mid-table, out). $1 search, $2 page size.
 */
const w5 = `
WITH q AS (SELECT websearch_to_tsquery('english', $1::text) AS q),
page AS (
  SELECT candidate.* FROM (
    SELECT p.id, p.name, p.slug, p.category_id, p.min_price_amount, p.rating_count, p.rating_sum,
           ts_rank(p.search_vector, q.q) AS rank
    FROM products p, q
    WHERE p.archived_at IS NULL AND p.search_vector @@ q.q AND p.ctid >= '(0,0)'::tid
    LIMIT $3::int
  ) candidate
  ORDER BY candidate.rank DESC, candidate.id DESC
  LIMIT $2::int
)
SELECT json_build_object('data', json_build_object('products', json_build_object('edges', coalesce(json_agg(
  json_build_object('node', json_build_object(
    'name', page.name, 'slug', page.slug,
    'category', (SELECT json_build_object('name', c.name) FROM categories c WHERE c.id = page.category_id),
    'priceRange', json_build_object('min', json_build_object('amount', ${amount("page.min_price_amount")})),
    'rating', ${rating("page")}
  )) ORDER BY page.rank DESC, page.id DESC), '[]'::json))))::text AS body
FROM page`;

/** The uuid inside a Relay global id of the expected type, or null. */
function keyOf(id, type) {
  if (typeof id !== "string") return null;
  const decoded = Buffer.from(id, "base64").toString("utf8");
  return decoded.startsWith(`${type}:`) ? decoded.slice(type.length + 1) : null;
}

function bearerHash(header) {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
  return token ? createHash("sha256").update(token, "utf8").digest() : null;
}

/** operationName → prepared statement and its parameters. */
const operations = {
  W1Listing: (v) => ({
    name: "w1",
    text: w1,
    values: [keyOf(v.filter?.categoryId, "Category"), v.first ?? 20],
  }),
  W2Product: (v) => ({ name: "w2", text: w2, values: [v.slug, currency] }),
  W3MyOrders: (_v, request) => ({
    name: "w3",
    text: w3,
    values: [bearerHash(request.headers.authorization)],
  }),
  W4AddToCart: (v) => ({
    name: "w4",
    text: w4,
    values: [
      keyOf(v.input?.cartId, "Cart"),
      keyOf(v.input?.variantId, "ProductVariant"),
      v.input?.quantity ?? 1,
    ],
  }),
  W5Search: (v) => ({ name: "w5", text: w5, values: [v.search, v.first ?? 20, searchRankLimit] }),
};

/** Operations answered without the database: W0 measures the HTTP server alone. */
const constantAnswers = { W0Typename: '{"data":{"__typename":"Query"}}' };

function send(response, status, body, type = "application/json; charset=utf-8") {
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

const server = http.createServer((request, response) => {
  if (request.method === "GET" && request.url === "/healthz") return send(response, 200, '{"status":"ok"}');
  if (request.method === "GET" && request.url === "/metrics") {
    return send(
      response,
      200,
      `bazaar_db_statements_total ${statements}\nbazaar_graphql_requests_total ${requests}\n`,
      "text/plain; version=0.0.4",
    );
  }
  if (request.method !== "POST" || request.url !== "/graphql")
    return send(response, 404, '{"error":"not found"}');
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(response, 400, '{"errors":[{"message":"bad JSON"}]}');
    }
    const constant = constantAnswers[body.operationName];
    if (constant) {
      requests += 1;
      return send(response, 200, constant);
    }
    const operation = operations[body.operationName];
    if (!operation) return send(response, 400, '{"errors":[{"message":"unknown operation"}]}');
    statements += 1;
    pool.query(operation(body.variables ?? {}, request)).then(
      (result) => {
        requests += 1;
        send(response, 200, result.rows[0]?.body ?? '{"data":null}');
      },
      (error) => {
        requests += 1;
        send(response, 500, JSON.stringify({ errors: [{ message: String(error.message) }] }));
      },
    );
  });
});

server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? "127.0.0.1", () => {
  process.stdout.write(`raw reference listening on ${JSON.stringify(server.address())}\n`);
});

const stop = () => {
  server.close();
  pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
