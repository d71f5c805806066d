import { buildApp, type App } from "../../src/app";
import { loadConfig } from "../../src/config";
import { seedDemoShop } from "../../src/db/seed/demo-shop";
import { startTestApp, type TestApp } from "../helpers/test-app";

/**
 * What `npm run bench` relies on: BAZAAR_DATALOADER_BATCHING=false with BAZAAR_LOOKAHEAD=false
 * (the naive N+1 build) returns the same data with one statement per parent, and /metrics reports the driver's
 * statement count as `bazaar_db_statements_total`.
 */

let naive: TestApp;
let batched: App;
let batchedUrl: string;
let interpreted: App;
let interpretedUrl: string;

async function listen(app: App): Promise<string> {
  await app.http.listen({ host: "127.0.0.1", port: 0 });
  return `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
}

const storefront = `query ($first: Int) { products(first: $first) { edges { node { name
  category { name parent { name } } variants { sku price { amount } inStock }
  priceRange { min { amount } } rating { average count } reviews(first: 3) { edges { node { rating authorName } } } } } } }`;

async function query(baseUrl: string, first: number): Promise<{ body: unknown; statements: number }> {
  const before = naive.db.statements.count;
  const response = await fetch(`${baseUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: storefront, variables: { first } }),
  });
  expect(response.status).toBe(200);
  const { data, errors } = (await response.json()) as { data: unknown; errors?: unknown };
  expect(errors).toBeUndefined();
  return { body: data, statements: naive.db.statements.count - before };
}

beforeAll(async () => {
  naive = await startTestApp({
    BAZAAR_DATALOADER_BATCHING: "false",
    BAZAAR_LOOKAHEAD: "false",
    BAZAAR_SWEEP_INTERVAL_SECONDS: "3600",
    BAZAAR_COST_BUDGET: "100000000",
    BAZAAR_COST_RESTORE_RATE: "10000000",
  });
  await seedDemoShop(naive.db.prisma, naive.logger, "USD");
  // The shipped build, on the same database and statement counter.
  batched = await buildApp({
    config: { ...naive.config, dataloaderBatching: true, lookAhead: true },
    prisma: naive.db.prisma,
    pool: naive.db.pool,
    statements: naive.db.statements,
    logger: naive.logger,
  });
  batchedUrl = await listen(batched);
  // graphql-js instead of graphql-jit, else the same.
  interpreted = await buildApp({
    config: { ...naive.config, dataloaderBatching: true, lookAhead: true, graphqlJit: false },
    prisma: naive.db.prisma,
    pool: naive.db.pool,
    statements: naive.db.statements,
    logger: naive.logger,
  });
  interpretedUrl = await listen(interpreted);
});
afterAll(async () => {
  await batched?.http.close();
  await interpreted?.http.close();
  await naive?.close();
});

test("BAZAAR_DATALOADER_BATCHING defaults to on and reads false", () => {
  expect(loadConfig({}).dataloaderBatching).toBe(true);
  expect(loadConfig({ BAZAAR_DATALOADER_BATCHING: "false" }).dataloaderBatching).toBe(false);
});

test("BAZAAR_LOOKAHEAD defaults to on and reads false", () => {
  expect(loadConfig({}).lookAhead).toBe(true);
  expect(loadConfig({ BAZAAR_LOOKAHEAD: "false" }).lookAhead).toBe(false);
});

test("BAZAAR_GRAPHQL_JIT defaults to on and reads false; compiling waits for a document's second run", () => {
  expect(loadConfig({}).graphqlJit).toBe(true);
  expect(loadConfig({ BAZAAR_GRAPHQL_JIT: "false" }).graphqlJit).toBe(false);
  expect(loadConfig({}).graphqlJitCompileAfter).toBe(1);
  expect(loadConfig({ BAZAAR_GRAPHQL_JIT_COMPILE_AFTER: "0" }).graphqlJitCompileAfter).toBe(0);
});

test("graphql-jit and graphql-js give the same answers, with the same statements", async () => {
  for (const first of [1, 24]) {
    const compiled = await query(batchedUrl, first);
    const plain = await query(interpretedUrl, first);
    expect(compiled.body).toEqual(plain.body);
    expect(compiled.statements).toBe(plain.statements);
  }
});

test("without batching the listing returns the same data, with statements growing per product", async () => {
  const batchedSmall = await query(batchedUrl, 2);
  const batchedLarge = await query(batchedUrl, 10);
  const naiveSmall = await query(naive.baseUrl, 2);
  const naiveLarge = await query(naive.baseUrl, 10);
  expect(naiveLarge.body).toEqual(batchedLarge.body);
  expect(naiveSmall.body).toEqual(batchedSmall.body);
  expect(batchedLarge.statements).toBe(batchedSmall.statements);
  // Variants and reviews: at least one statement each per product.
  expect(naiveLarge.statements - naiveSmall.statements).toBeGreaterThanOrEqual(2 * 8);
});

test("/metrics reports the statements sent as bazaar_db_statements_total", async () => {
  const scrape = async (): Promise<number> => {
    const text = await (await fetch(`${naive.baseUrl}/metrics`)).text();
    const match = /^bazaar_db_statements_total (\d+)$/m.exec(text);
    expect(match).not.toBeNull();
    return Number(match![1]);
  };
  const first = await scrape();
  expect(first).toBe(naive.db.statements.count);
  await query(naive.baseUrl, 1);
  expect(await scrape()).toBe(naive.db.statements.count);
  expect(naive.db.statements.count).toBeGreaterThan(first);
});
