import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrationsDir } from "../../../src/db/migrations/migration-list";
import { serveEmbedded } from "../../helpers/embedded-database";
import { createDatabaseOnServer } from "../../helpers/test-database";

/**
 * The discounts/shipping/taxes migration on a database that already has orders, and the
 * rules it leaves to the database itself. Runs the migrations' SQL in order on an empty
 * database (embedded, or on TEST_DATABASE_URL's server).
 */
const migrationName = readdirSync(migrationsDir).find((name) => name.endsWith("_discounts_shipping_taxes"))!;
const migrationsBefore = readdirSync(migrationsDir)
  .filter((name) => name.includes("_") && name < migrationName)
  .sort();

function migrationSql(name: string): string {
  return readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
}

let client: pg.Client;
let close: () => Promise<void>;
let orderId: string;

beforeAll(async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const database = serverUrl
    ? await createDatabaseOnServer(serverUrl, undefined)
    : await serveEmbedded().then((served) => ({ ...served, drop: () => served.close() }));
  client = new pg.Client({ connectionString: database.connectionString });
  await client.connect();
  close = async () => {
    await client.end();
    await database.drop();
  };
  for (const name of migrationsBefore) await client.query(migrationSql(name));
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO orders (email, currency_code, subtotal_amount, shipping_amount, total_amount, shipping_address, updated_at)
     VALUES ('old@example.com', 'USD', 2000, 499, 2499, '{}', now()) RETURNING id`,
  );
  orderId = rows[0]!.id;
  await client.query(
    `INSERT INTO order_lines (order_id, product_name, sku, quantity, unit_price_amount, line_total_amount)
     VALUES ($1, 'Mug', 'MUG-1', 2, 1000, 2000)`,
    [orderId],
  );
  await client.query(migrationSql(migrationName));
});

afterAll(async () => {
  await close?.();
});

/** The SQLSTATE a statement fails with, or null when it succeeds. */
async function failureOf(sql: string, values: unknown[] = []): Promise<string | null> {
  await client.query("SAVEPOINT attempt");
  try {
    await client.query(sql, values);
    await client.query("RELEASE SAVEPOINT attempt");
    return null;
  } catch (error) {
    await client.query("ROLLBACK TO SAVEPOINT attempt");
    return (error as { code?: string }).code ?? "unknown";
  }
}

beforeEach(() => client.query("BEGIN"));
afterEach(() => client.query("ROLLBACK"));

const checkViolation = "23514";
const uniqueViolation = "23505";

test("existing orders migrate to no discount, no tax and the Standard method", async () => {
  const { rows } = await client.query(
    `SELECT discount_code, discount_amount, shipping_method, tax_amount, tax_included, total_amount FROM orders WHERE id = $1`,
    [orderId],
  );
  expect(rows).toEqual([
    {
      discount_code: null,
      discount_amount: 0,
      shipping_method: "Standard",
      tax_amount: 0,
      tax_included: false,
      total_amount: 2499,
    },
  ]);
  const lines = await client.query(
    `SELECT discount_amount, tax_rate_basis_points, tax_amount FROM order_lines WHERE order_id = $1`,
    [orderId],
  );
  expect(lines.rows).toEqual([{ discount_amount: 0, tax_rate_basis_points: 0, tax_amount: 0 }]);
});

describe("an order's total must follow the formula", () => {
  const insert = (parts: Record<string, number | boolean>) =>
    failureOf(
      `INSERT INTO orders (email, currency_code, subtotal_amount, discount_amount, shipping_amount, tax_amount, tax_included, total_amount, shipping_address, updated_at)
       VALUES ('f@example.com', 'USD', $1, $2, $3, $4, $5, $6, '{}', now())`,
      [parts.subtotal, parts.discount, parts.shipping, parts.tax, parts.taxIncluded, parts.total],
    );

  test.each([
    [
      "tax on top",
      { subtotal: 3000, discount: 300, shipping: 499, tax: 500, taxIncluded: false, total: 3699 },
    ],
    [
      "tax included",
      { subtotal: 3000, discount: 300, shipping: 499, tax: 500, taxIncluded: true, total: 3199 },
    ],
  ])("accepted: %s", async (_label, parts) => {
    expect(await insert(parts)).toBeNull();
  });

  test.each([
    [
      "tax forgotten",
      { subtotal: 3000, discount: 300, shipping: 499, tax: 500, taxIncluded: false, total: 3199 },
    ],
    [
      "tax added although included",
      { subtotal: 3000, discount: 0, shipping: 0, tax: 500, taxIncluded: true, total: 3500 },
    ],
    [
      "discount above the subtotal",
      { subtotal: 100, discount: 200, shipping: 499, tax: 0, taxIncluded: false, total: 399 },
    ],
    ["negative tax", { subtotal: 100, discount: 0, shipping: 0, tax: -1, taxIncluded: false, total: 99 }],
  ])("refused: %s", async (_label, parts) => {
    expect(await insert(parts)).toBe(checkViolation);
  });

  test("a line's discount stays within its total", async () => {
    expect(
      await failureOf(
        `INSERT INTO order_lines (order_id, product_name, sku, quantity, unit_price_amount, line_total_amount, discount_amount)
         VALUES ($1, 'Mug', 'MUG-1', 1, 1000, 1000, 1001)`,
        [orderId],
      ),
    ).toBe(checkViolation);
  });
});

test("discount codes are unique whatever their case, and their values fit their type", async () => {
  const insert = (code: string, type: string, value: number) =>
    failureOf(`INSERT INTO discount_codes (code, type, value, updated_at) VALUES ($1, $2, $3, now())`, [
      code,
      type,
      value,
    ]);
  expect(await insert("Summer10", "PERCENTAGE", 1000)).toBeNull();
  expect(await insert("SUMMER10", "FIXED_AMOUNT", 500)).toBe(uniqueViolation);
  expect(await insert("Big", "PERCENTAGE", 10001)).toBe(checkViolation);
  expect(await insert("Tiny", "PERCENTAGE", 99)).toBe(checkViolation);
  expect(await insert("Nothing", "FIXED_AMOUNT", 0)).toBe(checkViolation);
  expect(await insert("Ship", "FREE_SHIPPING", 100)).toBe(checkViolation);
  expect(
    await failureOf(
      `INSERT INTO discount_codes (code, type, value, starts_at, ends_at, updated_at)
       VALUES ('Late', 'FREE_SHIPPING', 0, now(), now() - interval '1 day', now())`,
    ),
  ).toBe(checkViolation);
});

test("a country ships through one zone only", async () => {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO shipping_zones (name) VALUES ('EU'), ('Europe') RETURNING id`,
  );
  await client.query(`INSERT INTO shipping_zone_countries (country, zone_id) VALUES ('JP', $1)`, [
    rows[0]!.id,
  ]);
  expect(
    await failureOf(`INSERT INTO shipping_zone_countries (country, zone_id) VALUES ('JP', $1)`, [
      rows[1]!.id,
    ]),
  ).toBe(uniqueViolation);
});

test("one default tax class, and one rate per class, country and region (NULL region included)", async () => {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO tax_classes (name, is_default) VALUES ('Standard', true), ('Reduced', false) RETURNING id`,
  );
  expect(await failureOf(`INSERT INTO tax_classes (name, is_default) VALUES ('Other', true)`)).toBe(
    uniqueViolation,
  );
  const rate = (region: string | null, basisPoints: number) =>
    failureOf(
      `INSERT INTO tax_rates (tax_class_id, country, region, rate_basis_points, updated_at) VALUES ($1, 'US', $2, $3, now())`,
      [rows[0]!.id, region, basisPoints],
    );
  expect(await rate(null, 0)).toBeNull();
  expect(await rate("CA", 725)).toBeNull();
  expect(await rate(null, 100)).toBe(uniqueViolation);
  expect(await rate("CA", 700)).toBe(uniqueViolation);
  expect(await rate("NY", 10001)).toBe(checkViolation);
});
