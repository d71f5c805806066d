// Rows the workloads need beyond the scale seed's catalog: a customer with orders and a
// session (W3), guest carts (W4), filled guest carts (WC), and the categories, slugs and
// search strings to rotate.

import { Buffer } from "node:buffer";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";

const globalId = (type, key) => Buffer.from(`${type}:${key}`, "utf8").toString("base64");

/** Two-word searches over words of the seeded catalog: selective, like a shopper's query. */
const searchStrings = [
  "merino socks",
  "cast iron skillet",
  "wireless headphones",
  "linen sheet",
  "canvas tent",
  "brass lamp",
  "fleece hoodie",
  "walnut board",
];

/** Orders of the W3 customer: more than the page of 5, 3 lines each, already paid. */
const orderCount = 8;
const linesPerOrder = 3;

/**
 * Reads what rotates (categories, slugs, searches) and creates the W3 customer's orders and
 * session. Run once, after the first seed; everything it reads stays valid as products are added.
 * @param {string} url
 * @returns {Promise<Omit<import("./workloads.mjs").Fixtures, "carts" | "checkoutCarts">>}
 */
export async function prepareFixtures(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const categories = (
      await client.query(`SELECT id, name FROM categories ORDER BY parent_id IS NOT NULL, position, name, id`)
    ).rows.map((row) => ({ id: globalId("Category", row.id), name: row.name }));
    // Top-level categories whose products are filed in their sub-categories: the sub-category listing.
    const parents = (
      await client.query(`SELECT c.id, c.name FROM categories c
                          WHERE c.parent_id IS NULL AND EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)
                          ORDER BY c.position, c.name, c.id`)
    ).rows.map((row) => ({ id: globalId("Category", row.id), name: row.name }));
    const slugs = (
      await client.query(`SELECT p.slug FROM products p
                          WHERE p.rating_count = 5 AND p.archived_at IS NULL
                            AND (SELECT count(*) FROM product_variants v WHERE v.product_id = p.id) >= 2
                          ORDER BY p.id LIMIT 200`)
    ).rows.map((row) => row.slug);
    const variants = (
      await client.query(`SELECT v.id FROM product_variants v JOIN products p ON p.id = v.product_id
                          WHERE p.archived_at IS NULL AND v.quantity_available >= 20
                          ORDER BY v.id LIMIT 5000`)
    ).rows.map((row) => globalId("ProductVariant", row.id));
    const searches = [];
    for (const search of searchStrings) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM products WHERE search_vector @@ websearch_to_tsquery('english', $1)`,
        [search],
      );
      if (rows[0].n > 0) searches.push(search);
    }
    if (
      categories.length === 0 ||
      parents.length === 0 ||
      slugs.length === 0 ||
      variants.length === 0 ||
      searches.length === 0
    ) {
      throw new Error(
        "the seeded catalog lacks categories (or sub-categories), reviewed products, stocked variants or searchable words",
      );
    }
    return { categories, parents, slugs, variants, searches, token: await createCustomerWithOrders(client) };
  } finally {
    await client.end();
  }
}

/** A scale-seed customer gets paid orders of 3 lines each and a fresh session; returns its token. */
async function createCustomerWithOrders(client) {
  const { rows: users } = await client.query(`SELECT id, email FROM users ORDER BY created_at, id LIMIT 1`);
  if (users.length === 0) throw new Error("the seeded database has no customer");
  const user = users[0];
  const { rows: picks } = await client.query(
    `SELECT v.id, v.product_id, p.name, v.sku, v.price_amount FROM product_variants v JOIN products p ON p.id = v.product_id
     ORDER BY v.id LIMIT $1`,
    [orderCount * linesPerOrder],
  );
  await client.query("BEGIN");
  try {
    for (let o = 0; o < orderCount; o++) {
      const lines = picks.slice(o * linesPerOrder, (o + 1) * linesPerOrder);
      const subtotal = lines.reduce((sum, line) => sum + line.price_amount, 0);
      const { rows } = await client.query(
        `INSERT INTO orders (status, email, user_id, currency_code, subtotal_amount, shipping_amount, total_amount,
                             shipping_address, created_at, updated_at)
         VALUES ('PAID', $1, $2, 'USD', $3, 0, $3, $4, now() - make_interval(days => $5::int), now())
         RETURNING id`,
        [
          user.email,
          user.id,
          subtotal,
          JSON.stringify({
            fullName: "Bench Customer",
            line1: "1 Main St",
            city: "Springfield",
            postalCode: "12345",
            country: "US",
            line2: null,
            region: null,
            phone: null,
          }),
          orderCount - o,
        ],
      );
      for (const [position, line] of lines.entries()) {
        await client.query(
          `INSERT INTO order_lines (order_id, variant_id, product_id, product_name, sku, quantity, unit_price_amount, line_total_amount, position)
           VALUES ($1, $2, $3, $4, $5, 1, $6, $6, $7)`,
          [rows[0].id, line.id, line.product_id, line.name, line.sku, line.price_amount, position],
        );
      }
    }
    const token = randomBytes(32).toString("base64url");
    await client.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at, user_agent) VALUES ($1, $2, now() + interval '1 day', 'npm run bench')`,
      [user.id, createHash("sha256").update(token, "utf8").digest()],
    );
    await client.query("COMMIT");
    return token;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * Guest carts for one server's W4 runs: `count` to rotate through, and one for the
 * checksummed request. Made in SQL (the same rows `createCart` makes for a guest).
 * @returns {Promise<{ carts: string[], verifyCart: string }>}
 */
export async function createCarts(url, count) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `INSERT INTO carts (updated_at) SELECT now() FROM generate_series(1, $1::int) RETURNING id`,
      [count + 1],
    );
    const ids = rows.map((row) => globalId("Cart", row.id));
    return { verifyCart: ids[0], carts: ids.slice(1) };
  } finally {
    await client.end();
  }
}

/** Lines of a WC cart: a few, like a real basket, each with its own stock reservation. */
const checkoutLines = 3;

/**
 * Guest carts for one server's WC runs, each with `checkoutLines` lines of one unit: `count`
 * to check out one after another, and one for the checksummed request (the same lines on
 * every server, so the same total). Consecutive carts share no variant, so requests in
 * flight together never wait on one another's stock rows; the variants get the stock these
 * carts will reserve on top of what they have, so no checkout runs out.
 * @param {string[]} variants  global ids (W4's stocked variants)
 * @returns {Promise<{ carts: string[], verifyCart: string }>}
 */
export async function createCheckoutCarts(url, count, variants) {
  const keys = variants.map((id) => Buffer.from(id, "base64").toString("utf8").split(":")[1]);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query(
      `INSERT INTO carts (updated_at) SELECT now() FROM generate_series(1, $1::int) RETURNING id`,
      [count + 1],
    );
    const ids = rows.map((row) => row.id);
    await client.query(
      `INSERT INTO cart_lines (cart_id, variant_id, quantity)
       SELECT c.id, ($2::uuid[])[1 + ((c.k - 1) * $3::int + j) % cardinality($2::uuid[])], 1
       FROM unnest($1::uuid[]) WITH ORDINALITY AS c(id, k), generate_series(0, $3::int - 1) AS j`,
      [ids, keys, checkoutLines],
    );
    await client.query(
      `UPDATE product_variants SET quantity_available = quantity_available + $2::int WHERE id = ANY($1::uuid[])`,
      [keys, Math.ceil(((count + 1) * checkoutLines) / keys.length)],
    );
    await client.query("COMMIT");
    return { verifyCart: globalId("Cart", ids[0]), carts: ids.slice(1).map((id) => globalId("Cart", id)) };
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    await client.end();
  }
}
