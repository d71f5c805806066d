// `npm run bench:redis`: what keeping the per-client query-cost budget in Redis costs.
// Seeds a small dedicated database, starts Bazaar twice on it — `memory` (no REDIS_URL:
// each node's budget in its own memory) and `redis` (REDIS_URL: the budget shared in
// Redis, one round trip per request) — and measures the W1 storefront listing on both,
// interleaved over rounds. Target: the Redis budget loses less than 10% of the throughput.
// See bench/README.md § "npm run bench:redis".

import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { combineRounds, measureCell } from "./lib/cells.mjs";
import { openBenchDatabase, scalarQuery, seed, startEmbedded } from "./lib/database.mjs";
import { prepareFixtures } from "./lib/fixtures.mjs";
import { cleanups, log, runBounded } from "./lib/lifecycle.mjs";
import { runLoad, sendOnce } from "./lib/load.mjs";
import { cpuMsOfProcesses, machine, otherLoad } from "./lib/machine.mjs";
import { fmt, markdownTable, median } from "./lib/report.mjs";
import { bazaarEnvironment, startServer } from "./lib/servers.mjs";
import { checksum, workloads } from "./lib/workloads.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Not `npm run bench`'s database: both can run on one PostgreSQL server. */
const benchDatabase = "bazaar_bench_redis";
/** Most throughput the shared budget may cost. */
const maxLoss = 0.1;
const listing = workloads.find((w) => w.id === "W1");

const usage = `usage: npm run bench:redis [-- options]
  --products N      catalog size (default 10000)
  --duration S      measured seconds per cell (default 8)
  --warmup S        warm-up seconds per cell (default 2)
  --connections C   concurrent connections (default 16)
  --rounds R        cells per server, interleaved; medians reported (default 3)
  --keep-db         leave the database in place
  --out DIR         where results go (default bench/results)
Redis: BENCH_REDIS_URL (default ${redisUrl}); keys under a prefix of the run's own, deleted after.
Database: BENCH_DATABASE_URL (an empty database) when set, else a fresh "${benchDatabase}" on
the local PostgreSQL (dropped afterwards), else the embedded database.`;

function fail(message) {
  process.stderr.write(`bench:redis: ${message}\n${usage}\n`);
  process.exit(2);
}

function parseCommandLine(argv) {
  const limits = { products: 10_000_000, duration: 600, warmup: 120, connections: 256, rounds: 20 };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(Object.keys(limits).map((name) => [name, { type: "string" }])),
        "keep-db": { type: "boolean", default: false },
        out: { type: "string", default: path.join(root, "bench/results") },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    fail(error.message);
  }
  if (parsed.help) {
    console.log(usage);
    process.exit(0);
  }
  const defaults = { products: 10_000, duration: 8, warmup: 2, connections: 16, rounds: 3 };
  const numbers = Object.fromEntries(
    Object.entries(limits).map(([name, max]) => {
      const raw = parsed[name] ?? String(defaults[name]);
      if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max)
        fail(`--${name} needs a whole number from 1 to ${max}`);
      return [name, Number(raw)];
    }),
  );
  return { ...numbers, keepDb: parsed["keep-db"], out: path.resolve(parsed.out) };
}

/** Fails (the comparison means nothing without it) when Redis does not answer. */
async function connectRedis() {
  // No reconnecting: a Redis that is down fails the first command at once.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  // Reported through the command that fails, below.
  redis.on("error", () => undefined);
  const answered = await redis.ping().then(
    () => null,
    (error) => error,
  );
  if (answered) fail(`no Redis answers at ${redisUrl} (set BENCH_REDIS_URL): ${answered.message}`);
  cleanups.push(() => redis.quit());
  return redis;
}

/** Keys under `prefix` (SCAN, not KEYS: the Redis may be shared). */
async function keysUnder(redis, prefix) {
  const keys = [];
  for await (const batch of redis.scanStream({ match: `${prefix}*`, count: 1000 })) keys.push(...batch);
  return keys;
}

async function waitForRedisUp(baseUrl) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const body = await (await fetch(`${baseUrl}/readyz`)).json();
    if (body.redis === "up") return;
    if (Date.now() > deadline) throw new Error(`${baseUrl}/readyz still says redis: ${body.redis}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The value of a counter without labels in the server's /metrics. */
async function metric(baseUrl, name) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const match = new RegExp(`^${name} (\\d+)`, "m").exec(text);
  if (!match) throw new Error(`${baseUrl}/metrics has no ${name}`);
  return Number(match[1]);
}

async function main() {
  const options = parseCommandLine(process.argv.slice(2));
  if (!existsSync(path.join(root, "dist/main.js")))
    fail("dist/main.js is missing: run `npm run build` (npm run bench:redis does)");
  const startedAt = new Date();
  const redis = await connectRedis();
  const keyPrefix = `bazaar-bench:${randomBytes(6).toString("hex")}:`;
  cleanups.push(async () => {
    const keys = await keysUnder(redis, keyPrefix);
    if (keys.length > 0) await redis.del(...keys);
  });

  const db = await openBenchDatabase({ name: benchDatabase, embedded: false, keepDb: options.keepDb });
  log(`database: ${db.description}`);
  log(`seeding ${options.products} products`);
  const seedOutput = await seed(
    db.kind === "embedded" ? { BAZAAR_DATA_DIR: db.dataDir } : { DATABASE_URL: db.url },
    options.products,
  );
  const url = db.kind === "embedded" ? (await startEmbedded(db.dataDir)).url : db.url;
  const pgVersion = (await scalarQuery(url, "SHOW server_version")).server_version;
  const fixtures = await prepareFixtures(url);

  // The load generator is one client (one IP): a budget it never exhausts, so that every
  // request is charged (a Redis round trip on `redis`) and none is refused.
  const env = {
    ...bazaarEnvironment(url, db.poolSize),
    BAZAAR_COST_BUDGET: "100000000",
    BAZAAR_COST_RESTORE_RATE: "10000000",
  };
  const specs = [
    { name: "memory", label: "no REDIS_URL: the budget in the process's memory", env },
    {
      name: "redis",
      label: `REDIS_URL=${redisUrl}: the budget shared in Redis`,
      env: { ...env, REDIS_URL: redisUrl, BAZAAR_REDIS_KEY_PREFIX: keyPrefix },
    },
  ];
  const logDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-bench-redis-logs-"));
  const servers = {};
  for (const spec of specs) {
    log(`starting ${spec.name}`);
    const server = await startServer({ ...spec, args: [path.join(root, "dist/main.js")], cwd: root }, logDir);
    cleanups.push(() => server.stop());
    servers[spec.name] = server;
  }
  await waitForRedisUp(servers.redis.baseUrl);

  // Same answer from both, and the shared budget really is in Redis.
  const problems = [];
  const sums = {};
  for (const name of Object.keys(servers)) {
    const { status, body } = await sendOnce(servers[name].baseUrl, listing, listing.checkVariables(fixtures));
    const problem =
      status !== 200
        ? `HTTP ${status}`
        : body.errors
          ? JSON.stringify(body.errors)
          : listing.validate(body.data);
    if (problem) problems.push(`${name}: ${problem}`);
    sums[name] = checksum(body);
  }
  if (sums.memory !== sums.redis) problems.push("memory and redis answered different data");
  if ((await keysUnder(redis, `${keyPrefix}cost-budget`)).length === 0)
    problems.push(`no budget key under ${keyPrefix}cost-budget in Redis after a request to redis`);

  for (const name of Object.keys(servers)) {
    const primer = { i: 1_000_000 };
    await runLoad({
      baseUrl: servers[name].baseUrl,
      workload: listing,
      next: () => listing.variables(primer.i++, fixtures, name),
      connections: options.connections,
      seconds: 1,
    });
  }

  const busy = [await otherLoad()];
  const rounds = { memory: [], redis: [] };
  const redisCpu = { memory: [], redis: [] };
  const sequences = { memory: { i: 0 }, redis: { i: 0 } };
  for (let round = 0; round < options.rounds; round++) {
    // Each round starts with the other server, so a burst of load from elsewhere hits both alike.
    const order = round % 2 === 0 ? ["memory", "redis"] : ["redis", "memory"];
    for (const name of order) {
      log(`W1 on ${name}, round ${round + 1}/${options.rounds}: ${options.warmup} s + ${options.duration} s`);
      const redisBefore = cpuMsOfProcesses("redis-server");
      const cell = await measureCell({
        server: servers[name],
        workload: listing,
        fixtures,
        options,
        sequence: sequences[name],
      });
      rounds[name].push(cell);
      redisCpu[name].push((cpuMsOfProcesses("redis-server") - redisBefore) / cell.served);
    }
    busy.push(await otherLoad());
  }
  const fallbacks = await metric(servers.redis.baseUrl, "bazaar_cost_budget_fallback_total");
  if (fallbacks > 0)
    problems.push(`redis served ${fallbacks} budget checks from memory (Redis did not answer)`);

  const cells = Object.fromEntries(Object.keys(rounds).map((name) => [name, combineRounds(rounds[name])]));
  for (const [name, cell] of Object.entries(cells))
    if (cell.errors) problems.push(`${name}: ${cell.errors} errors (${cell.errorDetail.slice(0, 300)})`);
  const loss = 1 - cells.redis.rps / cells.memory.rps;
  const met = loss < maxLoss;
  const table = markdownTable(
    [
      "server",
      "req/s",
      "× memory",
      "p50 ms",
      "p99 ms",
      "CPU ms/req",
      "Redis CPU ms/req",
      "errors",
      "req/s per round",
    ],
    Object.entries(cells).map(([name, cell]) => [
      name,
      fmt.rps(cell.rps),
      fmt.ratio(cell.rps / cells.memory.rps),
      fmt.ms(cell.p50),
      fmt.ms(cell.p99),
      fmt.num(cell.cpuMsPerRequest, 2),
      fmt.num(median(redisCpu[name]), 3),
      cell.errors,
      (cell.spread?.rps ?? [cell.rps]).map((rps) => fmt.rps(rps)).join(", "),
    ]),
  );
  const lossText =
    loss >= 0 ? `${(loss * 100).toFixed(1)}% lost` : `none lost, ${(-loss * 100).toFixed(1)}% more: noise`;
  const summary = `${met ? "**Met**" : "**Missed**"}: W1 throughput with the budget in Redis is ${fmt.ratio(cells.redis.rps / cells.memory.rps)}× the in-memory budget's (${lossText}; target < ${maxLoss * 100}% lost); server CPU per request ${fmt.ratio(cells.redis.cpuMsPerRequest / cells.memory.cpuMsPerRequest)}×.`;
  const info = machine(pgVersion);
  const markdown = `# Query-cost budget in Redis vs in memory, ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC

${summary}

${table}

- Machine: ${info.cpus}, ${info.memoryGiB} GiB RAM, ${info.kernel}; Node ${info.node}; PostgreSQL ${info.postgres}; Redis at ${redisUrl}. The load generator, both servers, PostgreSQL and Redis share these cores. Load average at start ${info.loadavgAtStart}; other processes between rounds: ${busy.map((b) => `\`${b}\``).join("; ")}.
- Database: ${db.description}; ${options.products.toLocaleString("en-US")} products (${seedOutput.split("\n")[0]}).
- Servers (one process each, both running the whole time, measured one at a time): ${specs.map((s) => `\`${s.name}\` — ${s.label}`).join("; ")}. Both: NODE_ENV=production, LOG_LEVEL=warn, database pool ${db.poolSize}, budget 100,000,000 points and 10,000,000/s back (never exhausted by the one load-generating client: every request is charged, none refused). Code: ${info.commit}.
- Load: W1 (storefront listing, 24 products per page over all categories), ${options.connections} connections, ${options.warmup} s warm-up then ${options.duration} s measured per cell, ${options.rounds} rounds alternating which server goes first; medians.
- CPU ms/req: the server process's user + system CPU ÷ requests it finished. Redis CPU ms/req: every \`redis-server\` process's CPU over the cell ÷ those requests (other users of the machine's Redis included).
- Checks: same W1 answer from both (checksum ${sums.redis.slice(0, 12)}), a budget key in Redis under the run's prefix, and \`bazaar_cost_budget_fallback_total\` ${fallbacks} on \`redis\` after the run (no request fell back to memory).
${problems.length ? `\n## Problems\n\n${problems.map((p) => `- ${p}`).join("\n")}\n` : ""}`;
  mkdirSync(options.out, { recursive: true });
  const stamp = startedAt.toISOString().slice(0, 16).replace("T", "-").replace(":", "");
  const file = path.join(options.out, `${stamp}-redis.md`);
  writeFileSync(file, markdown);
  process.stdout.write(`\n${summary}\n\n${table}\n\nWrote ${path.relative(process.cwd(), file)}\n`);
  if (problems.length) {
    process.stdout.write(
      `\nPROBLEMS:\n${problems.map((p) => `- ${p}`).join("\n")}\nServer logs: ${logDir}\n`,
    );
    process.exitCode = 1;
  } else {
    rmSync(logDir, { recursive: true, force: true });
    if (!met) process.exitCode = 1;
  }
}

runBounded(main, 30);
