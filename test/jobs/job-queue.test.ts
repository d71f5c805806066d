import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { RequestContext } from "../../src/common/request-context";
import { loadConfig } from "../../src/config";
import { openDatabase, type Database } from "../../src/db/database";
import { Transactions } from "../../src/db/transactions";
import type { JobDefinition, JobOutcome, JobPayload, PolledWorkDefinition } from "../../src/jobs/job";
import { JobQueue } from "../../src/jobs/job-queue";
import { createLogger } from "../../src/logger";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";
import { waitFor } from "../helpers/wait-for";

/**
 * The job queue itself, with in-process runners on one database (each a JobQueue of its own,
 * as each node has): transactional enqueue, one run per job across runners, recurring work
 * once per interval, a dead worker's job taken over, shutdown letting a job finish, and
 * polled work (rows of its own) taken in batches by the nodes that run jobs.
 */

interface Numbered extends JobPayload {
  n: number;
}

const settings = loadConfig({
  BAZAAR_JOBS_POLL_INTERVAL_MS: "500",
  BAZAAR_JOBS_SUPERVISE_INTERVAL_SECONDS: "1",
}).jobs;
const logger = createLogger({ logLevel: "silent" });
const ctx = RequestContext.system("job-queue-test");

let testDatabase: TestDatabase;
let db: Database;
let transactions: Transactions;
const queues: JobQueue[] = [];

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  db = await openDatabase({ url: testDatabase.connectionString, poolSize: testDatabase.poolSize });
  transactions = new Transactions(db.prisma, logger);
});
// Each runner holds connections of its own (the embedded database serves eight at most).
afterEach(async () => {
  await Promise.all(queues.splice(0).map((queue) => queue.stop(1000)));
});
afterAll(async () => {
  await db?.close();
  await testDatabase?.drop();
});

/** A runner (or, with `runsJobs: false`, an enqueue-only node) with `definitions`, started. */
async function startQueue(
  definitions: JobDefinition<Numbered>[],
  { runsJobs = true, outcomes = [] as JobOutcome[], polled = [] as PolledWorkDefinition[] } = {},
): Promise<JobQueue> {
  const queue = new JobQueue({
    connectionString: testDatabase.connectionString,
    singleSession: testDatabase.kind === "embedded",
    runsJobs,
    settings,
    logger,
    onOutcome: (_job, outcome) => outcomes.push(outcome),
  });
  for (const definition of definitions) queue.define(definition);
  for (const work of polled) queue.definePolled(work);
  await queue.start();
  queues.push(queue);
  return queue;
}

/** A job kind recording which payloads each runner ran. */
function recordingJob(name: string, runs: { n: number; by: string }[], by: string): JobDefinition<Numbered> {
  return {
    name,
    retry: { limit: 2, maxDelaySeconds: 5 },
    async run(_ctx, { n }) {
      runs.push({ n, by });
      // Long enough that one runner cannot drain the queue before the other's first poll.
      await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
}

async function jobCount(name: string, state?: string): Promise<number> {
  const [row] = await db.prisma.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM pgboss.job WHERE name = $1 AND ($2::text IS NULL OR state::text = $2)`,
    name,
    state ?? null,
  );
  return row!.count;
}

test("a job enqueued in a transaction exists only if the transaction commits", async () => {
  const runs: { n: number; by: string }[] = [];
  const definition = recordingJob("test.transactional", runs, "a");
  const queue = await startQueue([definition]);
  await expect(
    transactions.withTransaction(ctx, async (ctx) => {
      await queue.enqueue(ctx, definition, { n: 1 });
      throw new Error("the change failed");
    }),
  ).rejects.toThrow("the change failed");
  await transactions.withTransaction(ctx, (ctx) => queue.enqueue(ctx, definition, { n: 2 }));
  await waitFor(
    async () => runs.length,
    (n) => n === 1,
  );
  expect(runs).toEqual([{ n: 2, by: "a" }]);
  expect(await jobCount(definition.name)).toBe(1);
});

test("the payload, trace carrier included, reaches the handler as it was enqueued", async () => {
  const received: JobPayload[] = [];
  const definition: JobDefinition<Numbered> = {
    name: "test.payload",
    retry: { limit: 0, maxDelaySeconds: 1 },
    async run(ctx, payload) {
      expect(ctx.origin).toEqual({ kind: "system", name: "test.payload" });
      received.push(payload);
    },
  };
  const queue = await startQueue([definition]);
  const trace = { traceparent: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
  await queue.enqueue(ctx, definition, { n: 7, trace });
  await waitFor(
    async () => received.length,
    (n) => n === 1,
  );
  expect(received).toEqual([{ n: 7, trace }]);
});

test("two runners on one database run each of 200 jobs exactly once", async () => {
  const runs: { n: number; by: string }[] = [];
  const name = "test.shared";
  await startQueue([recordingJob(name, runs, "a")]);
  const second = await startQueue([recordingJob(name, runs, "b")]);
  // 200 sends in one transaction: given longer than a request's transaction on a busy machine.
  await transactions.withTransaction(
    ctx,
    async (ctx) => {
      for (let n = 0; n < 200; n += 1) await second.enqueue(ctx, recordingJob(name, runs, "b"), { n });
    },
    { timeout: 60_000 },
  );
  await waitFor(
    async () => runs.length,
    (count) => count >= 200,
    45_000,
  );
  // Anything run twice would still be arriving: let the runners poll a few more times.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(runs).toHaveLength(200);
  expect(new Set(runs.map((run) => run.n)).size).toBe(200);
  expect(new Set(runs.map((run) => run.by))).toEqual(new Set(["a", "b"]));
});

test("a failing job is retried until it succeeds, and counted", async () => {
  let attempts = 0;
  const outcomes: JobOutcome[] = [];
  const definition: JobDefinition<Numbered> = {
    name: "test.flaky",
    retry: { limit: 3, maxDelaySeconds: 2 },
    async run() {
      attempts += 1;
      if (attempts < 3) throw new Error(`attempt ${attempts} fails`);
    },
  };
  const queue = await startQueue([definition], { outcomes });
  await queue.enqueue(ctx, definition, { n: 1 });
  await waitFor(
    async () => outcomes.length,
    (n) => n === 3,
    15_000,
  );
  expect(outcomes).toEqual(["retried", "retried", "completed"]);
  expect(attempts).toBe(3);
});

test("recurring work runs once per interval across two runners", async () => {
  const runs: { n: number; by: string }[] = [];
  const recurring = (by: string): JobDefinition<Numbered> => ({
    name: "test.recurring",
    everySeconds: 1,
    retry: { limit: 1, maxDelaySeconds: 1 },
    async run() {
      runs.push({ n: Date.now(), by });
    },
  });
  await startQueue([recurring("a")]);
  await startQueue([recurring("b")]);
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 6_000));
  const elapsedSeconds = (Date.now() - started) / 1000;
  // One interval plus a poll between runs at most; never two runs for one interval.
  expect(runs.length).toBeGreaterThanOrEqual(2);
  expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds));
  const gaps = runs.slice(1).map((run, i) => run.n - runs[i]!.n);
  expect(Math.min(...gaps)).toBeGreaterThanOrEqual(900);
  expect(await jobCount("test.recurring", "created")).toBe(1);
});

/**
 * A worker in a process of its own (pg-boss' own worker, on the queue as Bazaar created it)
 * that claims one job of `name` and then hangs; it says "claimed" when it has.
 */
function spawnHangingWorker(name: string): ChildProcess {
  const script = `
    import { PgBoss } from "pg-boss";
    const boss = new PgBoss({ connectionString: process.env.JOBS_DATABASE_URL, max: 1, supervise: false, schedule: false, registerInstance: false });
    boss.on("error", () => undefined);
    await boss.start();
    await boss.work(${JSON.stringify(name)}, { pollingIntervalSeconds: 0.5 }, async () => {
      process.stdout.write("claimed\\n");
      await new Promise(() => undefined);
    });`;
  return spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: path.join(__dirname, "..", ".."),
    env: { ...process.env, JOBS_DATABASE_URL: testDatabase.connectionString },
    stdio: ["ignore", "pipe", "inherit"],
  });
}

test("a job whose worker was SIGKILLed is run by another worker within 30 s", async () => {
  const name = "test.orphaned";
  const runs: { n: number; by: string }[] = [];
  // Enqueued by a node that runs no jobs: the queue exists with Bazaar's settings (its lease).
  const definition = recordingJob(name, runs, "survivor");
  const api = await startQueue([definition], { runsJobs: false });
  await api.enqueue(ctx, definition, { n: 1 });
  const doomed = spawnHangingWorker(name);
  await new Promise<void>((resolve) => doomed.stdout!.once("data", () => resolve()));
  expect(await jobCount(name, "active")).toBe(1);
  doomed.kill("SIGKILL");
  await new Promise((resolve) => doomed.once("exit", resolve));
  const killedAt = Date.now();
  await startQueue([definition]);
  await waitFor(
    async () => runs.length,
    (n) => n === 1,
    30_000,
  );
  expect(runs).toEqual([{ n: 1, by: "survivor" }]);
  expect(Date.now() - killedAt).toBeLessThan(30_000);
});

test("stop() takes no new jobs and lets the one running finish", async () => {
  let finished = 0;
  let started = 0;
  const slow: JobDefinition<Numbered> = {
    name: "test.slow",
    retry: { limit: 0, maxDelaySeconds: 1 },
    async run() {
      started += 1;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      finished += 1;
    },
  };
  const queue = await startQueue([slow]);
  await queue.enqueue(ctx, slow, { n: 1 });
  await waitFor(
    async () => started,
    (n) => n === 1,
  );
  await queue.enqueue(ctx, slow, { n: 2 });
  await queue.stop(10_000);
  expect({ started, finished }).toEqual({ started: 1, finished: 1 });
  expect(await jobCount("test.slow", "completed")).toBe(1);
  expect(await jobCount("test.slow", "created")).toBe(1);
});

describe("polled work", () => {
  beforeAll(async () => {
    await db.prisma.$executeRawUnsafe(`CREATE TABLE polled_items (n int PRIMARY KEY, taken_by text)`);
  });
  afterEach(async () => {
    await db.prisma.$executeRawUnsafe(`DELETE FROM polled_items`);
  });

  /** Takes untaken items (each by one runner: SKIP LOCKED), recording each batch's numbers and who ran it. */
  function itemsWork(by: string, batches: number[][], origins: unknown[] = []): PolledWorkDefinition {
    return {
      name: "test.polled",
      dueQuery: `SELECT EXISTS (SELECT FROM polled_items WHERE taken_by IS NULL) AS due`,
      async runDue(ctx, limit) {
        origins.push(ctx.origin);
        const taken = await db.prisma.$queryRaw<{ n: number }[]>`
          UPDATE polled_items SET taken_by = ${by}
          WHERE n IN (SELECT n FROM polled_items WHERE taken_by IS NULL ORDER BY n LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING n`;
        batches.push(taken.map((item) => item.n).sort((a, b) => a - b));
        return taken.map((): JobOutcome => "completed");
      },
    };
  }

  const addItems = (count: number) =>
    db.prisma.$executeRaw`INSERT INTO polled_items (n) SELECT generate_series(1, ${count}::int)`;

  test("idle polls send no statement through the app's pool; due items are taken in batches until one comes back short", async () => {
    const batches: number[][] = [];
    const outcomes: JobOutcome[] = [];
    const origins: unknown[] = [];
    await startQueue([], { polled: [itemsWork("a", batches, origins)], outcomes });
    const before = db.statements.count;
    // Three poll intervals with nothing due: only the due query, on the queue's own connections.
    await new Promise((resolve) => setTimeout(resolve, 3 * settings.pollIntervalMs));
    expect(db.statements.count - before).toBe(0);
    expect(batches).toEqual([]);

    await addItems(25);
    await waitFor(
      async () => outcomes.length,
      (n) => n === 25,
    );
    const { concurrency } = settings;
    expect(batches.map((batch) => batch.length)).toEqual([concurrency, concurrency, 25 - 2 * concurrency]);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(new Set(outcomes)).toEqual(new Set(["completed"]));
    expect(origins).toEqual(batches.map(() => ({ kind: "system", name: "test.polled" })));
  });

  test("two runners take each of 100 items once; an enqueue-only node takes none", async () => {
    const batches: number[][] = [];
    await startQueue([], { runsJobs: false, polled: [itemsWork("api", batches)] });
    await startQueue([], { polled: [itemsWork("a", batches)] });
    await startQueue([], { polled: [itemsWork("b", batches)] });
    await addItems(100);
    await waitFor(
      async () => batches.flat().length,
      (n) => n >= 100,
    );
    // Anything taken twice would still be arriving: let the runners poll a few more times.
    await new Promise((resolve) => setTimeout(resolve, 3 * settings.pollIntervalMs));
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    const takers = await db.prisma.$queryRaw<
      { taken_by: string }[]
    >`SELECT DISTINCT taken_by FROM polled_items`;
    expect(takers.map((row) => row.taken_by)).not.toContain("api");
  });

  test("stop() polls no more and lets the pass in flight finish", async () => {
    let finished = 0;
    const slow: PolledWorkDefinition = {
      name: "test.polled-slow",
      dueQuery: `SELECT EXISTS (SELECT FROM polled_items WHERE taken_by IS NULL) AS due`,
      async runDue() {
        await db.prisma.$executeRaw`UPDATE polled_items SET taken_by = 'slow'`;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        finished += 1;
        return ["completed"];
      },
    };
    const queue = await startQueue([], { polled: [slow] });
    await addItems(1);
    await waitFor(
      async () =>
        (await db.prisma.$queryRaw<{ n: number }[]>`SELECT n FROM polled_items WHERE taken_by = 'slow'`)
          .length,
      (n) => n === 1,
    );
    await queue.stop(10_000);
    expect(finished).toBe(1);
    await db.prisma.$executeRaw`INSERT INTO polled_items (n) VALUES (2)`;
    await new Promise((resolve) => setTimeout(resolve, 3 * settings.pollIntervalMs));
    const [untaken] = await db.prisma.$queryRaw<{ taken_by: string | null }[]>`
      SELECT taken_by FROM polled_items WHERE n = 2`;
    expect(untaken).toEqual({ taken_by: null });
  });
});
