// `npm run bench:jobs`: how fast Bazaar's job workers drain a backlog. Queues N test-gateway
// webhook deliveries (in transactions, as the gateway does), then starts 1 (then 2) worker
// processes on the machine's PostgreSQL and times them until every job is completed; a sink
// process acknowledges each delivery and counts them, so a lost or doubled delivery shows.
// See bench/README.md.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { RequestContext } from "../dist/common/request-context.js";
import { loadConfig } from "../dist/config.js";
import { openDatabase } from "../dist/db/database.js";
import { Transactions } from "../dist/db/transactions.js";
import { JobQueue } from "../dist/jobs/job-queue.js";
import { createLogger } from "../dist/logger.js";
import { webhookDeliveryJob } from "../dist/modules/payment/webhook-delivery.js";
import { localServer, scalarQuery } from "./lib/database.mjs";
import { cleanups, log, runBounded, startChild, stopChild } from "./lib/lifecycle.mjs";
import { machine } from "./lib/machine.mjs";
import { fmt, markdownTable } from "./lib/report.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const benchDatabase = "bazaar_bench_jobs";
const queueName = "test-gateway.webhook";
const webhookSecret = "whsec_bench_jobs";

const usage = `usage: npm run bench:jobs [-- options]
  --jobs N            deliveries queued per run (default 10000)
  --workers W[,W…]    worker processes per run (default 1,2)
  --concurrency C     BAZAAR_JOBS_CONCURRENCY of each worker (default: the shipped default)
  --out DIR           where results go (default bench/results)
Database: a fresh "${benchDatabase}" on ${localServer} (dropped afterwards).`;

function parseArgs(argv) {
  const options = {
    jobs: 10_000,
    workers: [1, 2],
    concurrency: undefined,
    out: path.join(root, "bench/results"),
  };
  for (let i = 0; i < argv.length; i += 1) {
    const value = () => argv[++i] ?? "";
    switch (argv[i]) {
      case "--jobs":
        options.jobs = Number(value());
        break;
      case "--workers":
        options.workers = value().split(",").map(Number);
        break;
      case "--concurrency":
        options.concurrency = value();
        break;
      case "--out":
        options.out = path.resolve(value());
        break;
      default:
        process.stdout.write(`${usage}\n`);
        process.exit(argv[i] === "--help" ? 0 : 2);
    }
  }
  if (!(options.jobs > 0) || options.workers.some((w) => !(w > 0))) throw new Error(usage);
  return options;
}

async function sinkCount(sinkUrl) {
  return (await fetch(sinkUrl)).json();
}

async function completedJobs(url) {
  const row = await scalarQuery(
    url,
    `SELECT count(*) FILTER (WHERE state = 'completed')::int AS completed, count(*)::int AS total
     FROM pgboss.job WHERE name = $1`,
    [queueName],
  );
  return row;
}

/** Queues `count` deliveries to the sink, 500 per transaction; returns jobs/s. */
async function enqueue({ transactions, queue, definition, count, round, sinkUrl }) {
  const ctx = RequestContext.system("bench-jobs");
  const started = performance.now();
  for (let first = 0; first < count; first += 500) {
    await transactions.withTransaction(
      ctx,
      async (ctx) => {
        for (let i = first; i < Math.min(count, first + 500); i += 1) {
          const body = JSON.stringify({
            id: `evt_bench_${round}_${i}`,
            type: "payment.succeeded",
            providerRef: `pi_bench_${round}_${i}`,
            amount: 1000,
            currencyCode: "USD",
          });
          await queue.enqueue(ctx, definition, { url: sinkUrl, body });
        }
      },
      { timeout: 60_000 },
    );
  }
  return count / ((performance.now() - started) / 1000);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const serverUrl = `${localServer}/postgres`;
  const url = `${localServer}/${benchDatabase}`;
  await scalarQuery(serverUrl, `DROP DATABASE IF EXISTS ${benchDatabase} WITH (FORCE)`);
  await scalarQuery(serverUrl, `CREATE DATABASE ${benchDatabase}`);
  cleanups.unshift(() => scalarQuery(serverUrl, `DROP DATABASE IF EXISTS ${benchDatabase} WITH (FORCE)`));
  const pgVersion = (await scalarQuery(url, "SHOW server_version")).server_version;
  const setup = machine(pgVersion);
  log(`database ${benchDatabase} on ${localServer}`);

  const db = await openDatabase({ url, poolSize: 4 });
  cleanups.push(() => db.close());
  const workerEnv = {
    BENCH_JOBS_DATABASE_URL: url,
    BENCH_JOBS_QUEUE: queueName,
    BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: webhookSecret,
    ...(options.concurrency ? { BAZAAR_JOBS_CONCURRENCY: options.concurrency } : {}),
  };
  const config = loadConfig(workerEnv);
  // An api node's queue: it creates the schema and the queue, and enqueues; it runs nothing.
  const queue = new JobQueue({
    connectionString: url,
    singleSession: false,
    runsJobs: false,
    settings: config.jobs,
    logger: createLogger({ logLevel: "warn" }),
  });
  const definition = queue.define(webhookDeliveryJob(queueName, webhookSecret));
  await queue.start();
  cleanups.push(() => queue.stop(1_000));
  const transactions = new Transactions(db.prisma);

  const sink = startChild("bench/lib/jobs-sink.mjs", {});
  const sinkUrl = await sink.firstLine;

  const rows = [];
  for (const [round, workers] of options.workers.entries()) {
    await scalarQuery(url, "DELETE FROM pgboss.job WHERE name = $1", [queueName]);
    const before = await sinkCount(sinkUrl);
    log(`round ${round + 1}: queueing ${options.jobs} deliveries`);
    const enqueueRate = await enqueue({
      transactions,
      queue,
      definition,
      count: options.jobs,
      round,
      sinkUrl,
    });
    log(`round ${round + 1}: ${workers} worker(s) draining`);
    const children = Array.from({ length: workers }, () =>
      startChild("bench/lib/jobs-worker.mjs", workerEnv),
    );
    await Promise.all(children.map((c) => c.firstLine));
    const started = performance.now();
    let state = await completedJobs(url);
    while (state.completed < options.jobs) {
      await sleep(100);
      state = await completedJobs(url);
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(children.map((c) => stopChild(c.child)));
    const after = await sinkCount(sinkUrl);
    rows.push({
      workers,
      seconds,
      rate: options.jobs / seconds,
      enqueueRate,
      received: after.received - before.received,
      distinct: after.distinct - before.distinct,
    });
    log(`round ${round + 1}: ${fmt.rps(options.jobs / seconds)} jobs/s`);
  }
  await stopChild(sink.child);

  const table = markdownTable(
    [
      "workers",
      "jobs",
      "drained in s",
      "jobs/s",
      "deliveries received",
      "distinct",
      "queued in transactions, jobs/s",
    ],
    rows.map((r) => [
      String(r.workers),
      String(options.jobs),
      fmt.num(r.seconds, 1),
      fmt.rps(r.rate),
      String(r.received),
      String(r.distinct),
      fmt.rps(r.enqueueRate),
    ]),
  );
  const problems = rows.filter((r) => r.received !== options.jobs || r.distinct !== options.jobs);
  const report = [
    `# Job workers draining ${options.jobs} test-gateway webhook deliveries`,
    "",
    `PostgreSQL ${setup.postgres}; ${setup.cpus}, ${setup.memoryGiB} GiB; Node ${setup.node}; load average at start ${setup.loadavgAtStart}; commit ${setup.commit}.`,
    `Each worker: BAZAAR_JOBS_CONCURRENCY=${config.jobs.concurrency}, poll ${config.jobs.pollIntervalMs} ms, lease ${config.jobs.leaseSeconds} s. Sink: one process on loopback.`,
    "",
    table,
    "",
    problems.length
      ? `PROBLEM: deliveries lost or doubled in ${problems.length} run(s).`
      : "Every job delivered exactly once.",
    "",
  ].join("\n");
  process.stdout.write(`\n${report}`);
  mkdirSync(options.out, { recursive: true });
  const file = path.join(
    options.out,
    `${new Date().toISOString().slice(0, 16).replace(/[T:]/g, "-")}-jobs.md`,
  );
  writeFileSync(file, report);
  log(`wrote ${path.relative(root, file)}`);
  if (problems.length) process.exitCode = 1;
}

runBounded(main, 20);
