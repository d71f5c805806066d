import { availableParallelism } from "node:os";
import { createLogger } from "../../logger";
import { seedDemoShop } from "../seed/demo-shop";
import { scaleCustomerPassword } from "../seed/scale/scale-customers";
import { seedScaleCatalog, type ScaleSeedResult } from "../seed/scale/scale-seed";
import { openConfiguredDatabase } from "./open-configured-database";

const usage = "usage: npm run db:seed [-- --products <count>]";
/** Far beyond any benchmark, yet small enough that a typo of a few extra digits is caught. */
const maxProducts = 100_000_000;

/** The `--products` count, `null` without the flag; a bad command line ends the process. */
function parseProductCount(args: readonly string[]): number | null {
  const fail = (message: string): never => {
    process.stderr.write(`db:seed: ${message} (${usage})\n`);
    process.exit(2);
  };
  if (args.length === 0) return null;
  const [flag, inlineValue] = args[0]!.split(/=(.*)/s, 2);
  if (flag !== "--products") fail(`unknown argument "${args[0]}"`);
  const raw = inlineValue ?? args[1];
  if (args.length > (inlineValue === undefined ? 2 : 1)) fail(`unexpected argument "${args.at(-1)}"`);
  if (raw === undefined || !/^\d+$/.test(raw)) fail(`--products needs a whole number, got "${raw ?? ""}"`);
  const count = Number(raw);
  if (count < 1 || count > maxProducts) fail(`--products must be from 1 to ${maxProducts}, got ${raw}`);
  return count;
}

function describeScaleSeed(result: ScaleSeedResult): string {
  const seconds = result.elapsedMs / 1000;
  const rows = result.products + result.variants + result.reviews + result.customers;
  const n = (value: number): string => value.toLocaleString("en-US");
  return [
    `Added ${n(result.products)} products, ${n(result.variants)} variants, ${n(result.reviews)} reviews and ` +
      `${n(result.customers)} customers (run ${result.runTag})` +
      `${result.shippingZones > 0 ? `, plus the demo shop's ${result.shippingZones} shipping zones,` : ""} in ${seconds.toFixed(1)} s: ` +
      `${n(Math.round(rows / seconds))} rows/s, ${n(Math.round(result.products / seconds))} products/s.`,
    `The customers' emails end in ".${result.runTag}-<n>@example.com"; their password is "${scaleCustomerPassword}".`,
  ].join("\n");
}

/**
 * `npm run db:seed`: seeds the demo shop into an empty database (a no-op otherwise).
 * `npm run db:seed -- --products <count>` adds that many generated products on top — after
 * the demo shop unless BAZAAR_SEED_DEMO=false — for benchmarks and index checks at scale.
 */
async function main(): Promise<void> {
  const products = parseProductCount(process.argv.slice(2));
  const { config, db } = await openConfiguredDatabase("db:seed");
  try {
    if (products === null || config.seedDemo) {
      const outcome = await seedDemoShop(
        db.prisma,
        createLogger(config),
        config.currencyCode,
        config.shipping,
      );
      console.log(
        outcome === "seeded" ? "Demo shop seeded." : "The database already has data; demo shop not seeded.",
      );
    }
    if (products !== null) {
      // A chunk is one CPU-bound statement: one in flight per core (measured at 200k products
      // on 2 cores: 1 → 7.7k/s, 2 → 10.3k/s, 4 → 8.4k/s). The embedded database is one session.
      const concurrency = db.embedded ? 1 : Math.min(db.pool.options.max ?? 1, availableParallelism());
      const result = await seedScaleCatalog(db.pool, {
        products,
        concurrency,
        progress: process.stderr,
        shipping: config.shipping,
      });
      console.log(describeScaleSeed(result));
    }
  } catch (error) {
    process.stderr.write(`db:seed: ${(error as Error).message.split("\n")[0]}\n`);
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}

void main();
