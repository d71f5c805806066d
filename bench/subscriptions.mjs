// `npm run bench:subscriptions`: how fast one change reaches many subscribers, and what an
// idle subscription socket costs. Two Bazaar processes (two nodes) on the machine's
// PostgreSQL share its Redis; N graphql-ws sockets, half on each node, follow one product
// (`productUpdated`); a staff price change through node A must reach every socket. Reports
// p50/p99/max delivery latency (target p99 < 250 ms) and the memory per idle socket.
// See bench/README.md § "npm run bench:subscriptions".

/* global fetch */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout } from "node:timers";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import pg from "pg";
import WebSocket from "ws";
import { openBenchDatabase, scalarQuery, seed } from "./lib/database.mjs";
import { cleanups, log, runBounded } from "./lib/lifecycle.mjs";
import { machine } from "./lib/machine.mjs";
import { fmt, markdownTable } from "./lib/report.mjs";
import { bazaarEnvironment, cpuMs, startServer, waitIdle } from "./lib/servers.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDatabase = "bazaar_bench_subscriptions";
const targetP99Ms = 250;

const usage = `usage: npm run bench:subscriptions [-- options]
  --sockets N     subscription sockets in all, half per node (default 2000)
  --changes N     price changes measured, one at a time (default 5)
  --keep-db       leave the bench database in place
Needs the machine's PostgreSQL (${"postgresql://postgres@127.0.0.1:5432"}, or BENCH_DATABASE_URL) and
Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379): two processes cannot share the embedded database.`;

function parseArgs(argv) {
  const options = { sockets: 2000, changes: 5, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--sockets") options.sockets = Number(argv[++i]);
    else if (arg === "--changes") options.changes = Number(argv[++i]);
    else if (arg === "--keep-db") options.keepDb = true;
    else {
      process.stdout.write(`${usage}\n`);
      process.exit(arg === "--help" ? 0 : 2);
    }
  }
  if (!(options.sockets >= 2 && options.changes >= 1)) throw new Error(usage);
  return options;
}

const subscription = `subscription BenchProduct($productId: ID!) {
  productUpdated(productId: $productId) { id variants { id price { amount } quantityAvailable } }
}`;
const updateVariant = `mutation BenchPrice($input: UpdateVariantInput!) { updateVariant(input: $input) { id } }`;

/** A staff user with a fresh session, made in SQL (the API has no way to grant roles); its token. */
async function staffToken(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `INSERT INTO users (email, name, password_hash, roles, updated_at)
       VALUES ($1, 'Bench Staff', 'not-a-hash', '{STAFF}', now()) RETURNING id`,
      [`bench.staff.${randomUUID()}@example.com`],
    );
    const token = randomBytes(32).toString("base64url");
    await client.query(
      `INSERT INTO sessions (user_id, token_hash, expires_at, user_agent) VALUES ($1, $2, now() + interval '1 day', 'npm run bench:subscriptions')`,
      [rows[0].id, createHash("sha256").update(token, "utf8").digest()],
    );
    return token;
  } finally {
    await client.end();
  }
}

/** VmRSS of a process, in KiB. */
async function rssKiB(pid) {
  const { readFile } = await import("node:fs/promises");
  const match = /^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${pid}/status`, "utf8"));
  return Number(match[1]);
}

/** RSS once the process settled (three readings 1 s apart, the lowest: a GC may be pending). */
async function settledRssKiB(pid) {
  const readings = [];
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    readings.push(await rssKiB(pid));
  }
  return Math.min(...readings);
}

/**
 * One socket following the product: resolves `ready` with its first (current-state) result,
 * then calls `onPrice(amount, receivedAt)` for each change.
 */
function follow(baseUrl, productId, onPrice) {
  let ready;
  const first = new Promise((resolve, reject) => (ready = { resolve, reject }));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, "ws")}/graphql`,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: (error) => ready.reject(error),
  });
  let results = 0;
  client.subscribe(
    { query: subscription, variables: { productId } },
    {
      next: (result) => {
        const receivedAt = performance.now();
        if (result.errors) return ready.reject(new Error(JSON.stringify(result.errors)));
        results += 1;
        const amount = result.data.productUpdated.variants[0].price.amount;
        if (results === 1) ready.resolve(amount);
        else onPrice(amount, receivedAt);
      },
      error: (error) => ready.reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
      complete: () => undefined,
    },
  );
  return { first, dispose: () => client.dispose() };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const redisUrl = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
  const database = await openBenchDatabase({ name: benchDatabase, embedded: false, keepDb: options.keepDb });
  if (database.kind !== "postgresql")
    throw new Error("this bench needs PostgreSQL: two nodes share one database");
  log(`database: ${database.description}`);
  log(await seed({ DATABASE_URL: database.url }, 100));
  const product = await scalarQuery(
    database.url,
    `SELECT p.id, (SELECT v.id FROM product_variants v WHERE v.product_id = p.id ORDER BY v.position, v.id LIMIT 1) AS variant_id
     FROM products p WHERE p.archived_at IS NULL ORDER BY p.id LIMIT 1`,
  );
  const globalId = (type, key) => Buffer.from(`${type}:${key}`).toString("base64url");
  const productId = globalId("Product", product.id);
  const variantId = globalId("ProductVariant", product.variant_id);
  const token = await staffToken(database.url);

  const logDir = mkdtempSync(path.join(os.tmpdir(), "bazaar-bench-subscriptions-"));
  cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
  const env = {
    ...bazaarEnvironment(database.url, database.poolSize),
    REDIS_URL: redisUrl,
    BAZAAR_REDIS_KEY_PREFIX: `bench-subscriptions:${randomUUID()}:`,
    // Every socket comes from 127.0.0.1: the per-IP cap is not what is measured.
    BAZAAR_SUBSCRIPTION_SOCKETS_PER_IP: String(options.sockets),
    BAZAAR_COST_BUDGET: "100000000",
    BAZAAR_COST_RESTORE_RATE: "10000000",
  };
  const nodes = [];
  for (const name of ["node-a", "node-b"]) {
    const server = await startServer(
      { name, label: `Bazaar ${name}`, args: [path.join(root, "dist/main.js")], cwd: root, env },
      logDir,
    );
    cleanups.push(() => server.stop());
    nodes.push(server);
  }
  log(`two nodes: ${nodes.map((node) => node.baseUrl).join(", ")}`);

  const before = await Promise.all(nodes.map((node) => settledRssKiB(node.pid)));
  const deliveries = []; // per change: receivedAt per socket
  let expecting = null;
  const sockets = [];
  const opened = performance.now();
  for (let i = 0; i < options.sockets; i++) {
    const node = nodes[i % 2];
    sockets.push(
      follow(node.baseUrl, productId, (amount, receivedAt) => {
        if (expecting && amount === expecting.amount) expecting.received.push(receivedAt - expecting.sentAt);
      }),
    );
    // Opened in batches, as clients arrive, rather than 2,000 handshakes in one tick.
    if (i % 100 === 99) await Promise.all(sockets.slice(-100).map((socket) => socket.first));
  }
  cleanups.push(() => Promise.all(sockets.map((socket) => socket.dispose())));
  await Promise.all(sockets.map((socket) => socket.first));
  log(`${sockets.length} sockets subscribed in ${fmt.num((performance.now() - opened) / 1000)} s`);
  await Promise.all(nodes.map((node) => waitIdle(node.baseUrl)));
  const after = await Promise.all(nodes.map((node) => settledRssKiB(node.pid)));
  const perSocketKiB = nodes.map((_, i) => (after[i] - before[i]) / (options.sockets / 2));

  for (let change = 1; change <= options.changes; change++) {
    const amount = (10 + change + Math.random()).toFixed(2);
    const cpuBefore = nodes.map((node) => cpuMs(node.pid));
    const clientCpuBefore = process.cpuUsage();
    expecting = { amount, received: [], sentAt: performance.now() };
    const response = await fetch(`${nodes[0].baseUrl}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: updateVariant, variables: { input: { id: variantId, price: amount } } }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(`the price change failed: ${JSON.stringify(body.errors)}`);
    const mutationMs = performance.now() - expecting.sentAt;
    const deadline = Date.now() + 10_000;
    while (expecting.received.length < sockets.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    if (expecting.received.length < sockets.length)
      throw new Error(
        `change ${change}: only ${expecting.received.length} of ${sockets.length} sockets got it`,
      );
    const clientCpu = process.cpuUsage(clientCpuBefore);
    deliveries.push({
      mutationMs,
      latencies: expecting.received,
      nodeCpuMs: nodes.map((node, i) => cpuMs(node.pid) - cpuBefore[i]),
      clientCpuMs: (clientCpu.user + clientCpu.system) / 1000,
    });
    log(`change ${change}: all ${sockets.length} sockets got ${amount}`);
    await Promise.all(nodes.map((node) => waitIdle(node.baseUrl)));
  }

  const all = deliveries.flatMap((d) => d.latencies).sort((a, b) => a - b);
  const rows = deliveries.map((d, i) => {
    const sorted = [...d.latencies].sort((a, b) => a - b);
    return [
      String(i + 1),
      fmt.ms(d.mutationMs),
      fmt.ms(percentile(sorted, 50)),
      fmt.ms(percentile(sorted, 99)),
      fmt.ms(sorted.at(-1)),
      d.nodeCpuMs.map((ms) => fmt.ms(ms)).join(" / "),
      fmt.ms(d.clientCpuMs),
    ];
  });
  rows.push([
    "all",
    "",
    fmt.ms(percentile(all, 50)),
    fmt.ms(percentile(all, 99)),
    fmt.ms(all.at(-1)),
    "",
    "",
  ]);
  const p99 = percentile(all, 99);
  const report = [
    `## Subscriptions: ${sockets.length} sockets on 2 nodes, one product, ${options.changes} price changes`,
    "",
    `Machine: ${JSON.stringify(machine((await scalarQuery(database.url, "SHOW server_version")).server_version))}`,
    "",
    "Latency: from sending the staff price change to node A until each socket received the new price (ms).",
    "",
    markdownTable(
      ["change", "mutation ms", "p50", "p99", "max", "CPU ms node A / B", "CPU ms bench client"],
      rows,
    ),
    "",
    "CPU: what each process spent from sending the change until the last socket had it (the machine's",
    "2 cores are shared by both nodes, PostgreSQL, Redis, the 2,000 clients and anything else running).",
    "",
    `p99 ${fmt.ms(p99)} ms: ${p99 < targetP99Ms ? "within" : "OVER"} the ${targetP99Ms} ms target.`,
    "",
    `Memory per idle socket (one subscription, RSS growth / sockets per node): ${perSocketKiB.map((kib) => `${fmt.num(kib)} KiB`).join(", ")}` +
      ` (RSS ${before.map((kib) => fmt.num(kib / 1024, 0)).join(" / ")} MB → ${after.map((kib) => fmt.num(kib / 1024, 0)).join(" / ")} MB).`,
  ].join("\n");
  process.stdout.write(`${report}\n`);
  if (p99 >= targetP99Ms) process.exitCode = 1;
}

runBounded(main, 15);
