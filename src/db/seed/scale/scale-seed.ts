import type pg from "pg";
import type { DemoShippingRates } from "../demo-pricing";
import { createProgressBar, type ProgressStream } from "./progress";
import { ensureCategoryTree, type LeafRecord } from "./scale-categories";
import { insertReviewers, type Reviewers } from "./scale-customers";
import { productChunkSql } from "./scale-products-sql";
import { ensureShippingZones } from "./scale-shipping";
import { runIdPrefix } from "./sequential-ids";
import { brands, reviewWordsByRating } from "./scale-words";

export interface ScaleSeedOptions {
  products: number;
  /** Products per statement (default: `chunkSizeFor`). */
  chunkSize?: number;
  /** Chunks in flight at once, each on its own connection (the embedded database has one). */
  concurrency: number;
  /** Where the progress bar is drawn. */
  progress: ProgressStream;
  /** What the Standard methods of the zones added to a database without any charge. */
  shipping: DemoShippingRates;
  now?: Date;
}

export interface ScaleSeedResult {
  runTag: string;
  categories: number;
  /** Shipping zones added (0 when the database had some). */
  shippingZones: number;
  customers: number;
  products: number;
  variants: number;
  reviews: number;
  elapsedMs: number;
}

/** Big enough to amortise a statement's overhead, small enough for a progress bar that moves. */
function chunkSizeFor(products: number): number {
  return Math.min(25_000, Math.max(1_000, Math.ceil(products / 20)));
}
const maxReviewers = 1_000;

/** Session settings while chunks run, reset before the connection goes back to the pool. */
const bulkLoadSettings: readonly (readonly [string, string])[] = [
  // A crash mid-seed loses at most the last chunks, which a re-run adds again anyway;
  // not waiting for each commit's WAL flush is worth it for a bulk load.
  ["synchronous_commit", "off"],
  // The planner cannot estimate rows made by generate_series and LATERAL, guesses millions,
  // and JIT-compiles the statement: seconds of compilation for a chunk that runs in less.
  ["jit", "off"],
  // A chunk's intermediate rows (tens of MB) sort and hash in memory instead of on disk.
  ["work_mem", "'128MB'"],
];

interface Chunk {
  first: number;
  last: number;
}

function chunksOf(total: number, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let first = 1; first <= total; first += size)
    chunks.push({ first, last: Math.min(total, first + size - 1) });
  return chunks;
}

/**
 * Runs `work` for every chunk on `concurrency` connections, each taking the next chunk
 * when it is done. The first failure stops the others from taking more.
 */
async function forEachChunk(
  pool: pg.Pool,
  chunks: readonly Chunk[],
  concurrency: number,
  work: (client: pg.PoolClient, chunk: Chunk) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      await client.query(bulkLoadSettings.map(([name, value]) => `SET ${name} = ${value}`).join("; "));
      while (!failed && next < chunks.length) await work(client, chunks[next++]!);
      await client.query(bulkLoadSettings.map(([name]) => `RESET ${name}`).join("; "));
    } catch (error) {
      failed = true;
      failure = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      // Given the error, the pool closes the connection instead of lending it out again
      // mid-transaction or with the bulk-load settings still on.
      client.release(failure);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, chunks.length)) }, worker));
}

interface Prepared {
  leaves: LeafRecord[];
  categoryCount: number;
  shippingZones: number;
  reviewers: Reviewers;
}

async function prepare(
  pool: pg.Pool,
  options: ScaleSeedOptions,
  runTag: string,
  now: Date,
): Promise<Prepared> {
  const { products } = options;
  const client = await pool.connect();
  try {
    const tree = await ensureCategoryTree(client);
    const shippingZones = await ensureShippingZones(client, options.shipping, now);
    // A pool larger than a product's five reviews keeps (product, customer) pairs unique.
    const reviewers = await insertReviewers(
      client,
      Math.min(maxReviewers, Math.max(50, products)),
      runTag,
      now,
    );
    return { ...tree, shippingZones, reviewers };
  } finally {
    client.release();
  }
}

/**
 * Adds `options.products` products (with 1–4 variants and 0–5 reviews each), the demo
 * category tree when missing, the demo shipping zones when there are none, and a pool of reviewing customers to the database. Rows are
 * composed by set-based SQL in PostgreSQL, a chunk per statement; slugs, SKUs and emails
 * carry a run tag, so this adds to whatever the database holds without collisions.
 */
export async function seedScaleCatalog(pool: pg.Pool, options: ScaleSeedOptions): Promise<ScaleSeedResult> {
  const startedAt = performance.now();
  const now = options.now ?? new Date();
  const startedAtMs = Date.now();
  const runTag = startedAtMs.toString(36);
  const idPrefix = runIdPrefix(startedAtMs);
  const { leaves, categoryCount, shippingZones, reviewers } = await prepare(pool, options, runTag, now);

  const sql = productChunkSql(leaves.length);
  const leavesJson = JSON.stringify(leaves);
  const reviewWordsJson = JSON.stringify(
    reviewWordsByRating.map((words, index) => ({ rating: index + 1, ...words })),
  );
  const totals = { products: 0, variants: 0, reviews: 0 };
  const bar = createProgressBar(options.progress, options.products, "products");
  await forEachChunk(
    pool,
    chunksOf(options.products, options.chunkSize ?? chunkSizeFor(options.products)),
    options.concurrency,
    async (client, chunk) => {
      const { rows } = await client.query<{ variants: number; reviews: number }>(sql, [
        leavesJson,
        chunk.first,
        chunk.last,
        runTag,
        now,
        reviewers.ids,
        reviewers.names,
        brands,
        reviewWordsJson,
        idPrefix,
      ]);
      totals.products += chunk.last - chunk.first + 1;
      totals.variants += rows[0]?.variants ?? 0;
      totals.reviews += rows[0]?.reviews ?? 0;
      bar.update(totals.products);
    },
  );
  bar.finish();

  // Fresh statistics, so the first queries against the new rows get the plans they will have.
  await pool.query("ANALYZE categories, users, products, product_variants, reviews");
  // Full-text inserts queue in each GIN index's pending list, which every search then scans
  // in full until a vacuum merges it; merge it now so searches run as they will later.
  await pool.query(`SELECT gin_clean_pending_list(i.indexrelid)
                    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
                    WHERE i.indrelid = 'products'::regclass AND am.amname = 'gin'`);
  return {
    runTag,
    categories: categoryCount,
    shippingZones,
    customers: reviewers.ids.length,
    ...totals,
    elapsedMs: performance.now() - startedAt,
  };
}
