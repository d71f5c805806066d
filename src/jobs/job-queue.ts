import type { Logger } from "pino";
import type { Db as BossDb, Job, PgBoss, Queue, SendOptions, WorkOptions } from "pg-boss" with {
  "resolution-mode": "import",
};
import { RequestContext } from "../common/request-context";
import type { JobSettings } from "../config";
import { currentTraceCarrier, runInJobSpan } from "../observability/job-spans";
import type { JobDefinition, JobOutcome, JobPayload, PolledWorkDefinition } from "./job";
import { Poller } from "./poller";

export interface JobQueueOptions {
  connectionString: string;
  /**
   * The embedded database: one session behind its sockets. A NOTIFY does not reach another
   * socket there, so workers poll; its pool stays small, since every socket shares one session.
   */
  singleSession: boolean;
  /** Whether this process runs jobs (role `all` or `worker`) or only enqueues them (`api`). */
  runsJobs: boolean;
  settings: JobSettings;
  logger: Logger;
  /** Told of every attempt's outcome (the /metrics counters). */
  onOutcome?: (job: string, outcome: JobOutcome) => void;
}

export interface EnqueueOptions {
  /** Run no sooner than this many milliseconds from now. */
  delayMs?: number;
  /** At most one job with this key waits in the queue (used by recurring work). */
  singletonKey?: string;
}

/** pg-boss owns the schema: it creates and migrates it at start (advisory-locked, so nodes may race). */
const schema = "pgboss";

/**
 * Durable background jobs in PostgreSQL (pg-boss): enqueued in the transaction of the change
 * that causes them, claimed with `FOR UPDATE SKIP LOCKED` so one job runs on one worker at a
 * time, retried with exponential backoff, and held under a lease the worker renews while the
 * job runs — a job whose worker died is retried once its lease lapses.
 *
 * Every kind of job is `define`d before `start`. Jobs enter through `enqueue` and are run
 * through `invoke`, and nowhere else, so whatever must travel with a job (a trace carrier in
 * the payload's `trace`) has one place to be written and one to be read.
 *
 * Work that keeps its own rows (`definePolled`) is not enqueued at all: the nodes that run
 * jobs poll for it, at the same interval and in batches of the same size as jobs.
 */
export class JobQueue {
  private readonly definitions = new Map<string, JobDefinition>();
  private readonly polled: PolledWorkDefinition[] = [];
  private pollers: Poller[] = [];
  private boss: PgBoss | undefined;
  private stopping = false;

  constructor(private readonly options: JobQueueOptions) {}

  /** Registers a kind of job; returns it, to `enqueue` by. */
  define<P extends JobPayload>(definition: JobDefinition<P>): JobDefinition<P> {
    if (this.boss) throw new Error(`job ${definition.name} defined after the queue started`);
    this.definitions.set(definition.name, definition);
    return definition;
  }

  /** Registers work found by polling (see PolledWorkDefinition), run from `start` on nodes that run jobs. */
  definePolled(definition: PolledWorkDefinition): void {
    if (this.boss) throw new Error(`polled work ${definition.name} defined after the queue started`);
    this.polled.push(definition);
  }

  /** Started and not stopping: jobs can be enqueued (and, on a worker, are being run). */
  get isUp(): boolean {
    return this.boss !== undefined && !this.stopping;
  }

  /**
   * Creates or migrates the queue's schema and queues, then (on a worker) starts taking jobs
   * and makes sure each recurring job has its next run queued.
   */
  async start(): Promise<void> {
    const { connectionString, singleSession, runsJobs, settings, logger } = this.options;
    // pg would fall back to PGHOST and friends: a queue elsewhere than the app's data.
    if (!connectionString) throw new Error("the job queue needs the database's connection string");
    const { PgBoss } = await import("pg-boss");
    const boss = new PgBoss({
      connectionString,
      schema,
      application_name: "bazaar-jobs",
      max: singleSession ? 2 : 4,
      useListenNotify: !singleSession,
      // Lapsed leases are found and finished jobs deleted by the workers' supervision pass.
      supervise: runsJobs,
      superviseIntervalSeconds: settings.superviseIntervalSeconds,
      monitorIntervalSeconds: settings.superviseIntervalSeconds,
      maintenanceIntervalSeconds: Math.max(60, settings.superviseIntervalSeconds),
      // Recurring work chains its own next run (see scheduleNext): pg-boss' cron is per minute.
      schedule: false,
      registerInstance: false,
    });
    // pg-boss reports failures of its own background work (polling, leases, upkeep), mostly a
    // database that does not answer for a while; it tries again by itself, so they are
    // warnings. A job given up is an error, logged by `invoke`.
    boss.on("error", (error) => logger.warn({ err: error }, "job queue: background work failed; retrying"));
    boss.on("warning", (warning) => logger.warn({ warning: warning.data }, warning.message));
    try {
      await boss.start();
      for (const definition of this.definitions.values()) await this.createQueue(boss, definition);
      this.boss = boss;
      if (!runsJobs) return;
      for (const definition of this.definitions.values()) {
        // Jobs come in batches run side by side, each settled on its own; while batches come
        // back full the worker fetches again at once, so a backlog drains without polling.
        await boss.work<JobPayload, unknown, WorkOptions>(
          definition.name,
          {
            batchSize: settings.concurrency,
            perJobResults: true,
            burstWhenBatchFull: true,
            pollingIntervalSeconds: settings.pollIntervalMs / 1000,
            // Retries and delayed jobs send no NOTIFY: they are found by this poll, as elsewhere.
            notifyPollingIntervalSeconds: settings.pollIntervalMs / 1000,
          },
          (jobs) =>
            Promise.all(
              jobs.map(async (job) => ({ id: job.id, status: await this.invoke(definition, job) })),
            ),
        );
        if (definition.everySeconds !== undefined) await this.scheduleNext(definition);
      }
      this.startPollers(boss);
    } catch (error) {
      this.boss = undefined;
      // Its connections go with it; the start-up error is the one to report.
      await boss.stop({ graceful: false, timeout: 1 }).catch(() => undefined);
      throw error;
    }
  }

  private startPollers(boss: PgBoss): void {
    const { settings, logger, onOutcome } = this.options;
    const db = boss.getDb();
    this.pollers = this.polled.map(
      (work) =>
        new Poller(work, {
          intervalMs: settings.pollIntervalMs,
          batchSize: settings.concurrency,
          isDue: async (query) => {
            const { rows } = (await db.executeSql(query)) as { rows: { due: boolean }[] };
            return rows[0]?.due === true;
          },
          logger,
          ...(onOutcome ? { onOutcome } : {}),
        }),
    );
    for (const poller of this.pollers) poller.start();
  }

  private async createQueue(boss: PgBoss, definition: JobDefinition): Promise<void> {
    const { settings } = this.options;
    const options: Omit<Queue, "name" | "policy"> = {
      retryLimit: definition.retry.limit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: definition.retry.maxDelaySeconds,
      heartbeatSeconds: settings.leaseSeconds,
      deleteAfterSeconds: definition.keepFinishedSeconds ?? 24 * 3600,
      notify: definition.wakeWorkers ?? true,
    };
    // `short`: at most one job per singleton key waits, so recurring work has one next run.
    const policy = definition.everySeconds === undefined ? "standard" : "short";
    await boss.createQueue(definition.name, { ...options, policy });
    // Settings changed since the queue was created (a new deploy) apply to it as well.
    await boss.updateQueue(definition.name, options);
  }

  /**
   * THE way a job enters the queue. Inside a transaction (`ctx.transaction`) the job is
   * written by that transaction: it exists if and only if the change that caused it commits.
   * Outside one, it is written at once.
   */
  async enqueue<P extends JobPayload>(
    ctx: RequestContext,
    definition: JobDefinition<P>,
    payload: P,
    options: EnqueueOptions = {},
  ): Promise<void> {
    const boss = this.boss;
    if (!boss) throw new Error(`cannot enqueue ${definition.name}: the job queue is not started`);
    if (!this.definitions.has(definition.name)) throw new Error(`job ${definition.name} is not defined`);
    const send: SendOptions = {
      ...(options.delayMs ? { startAfter: new Date(Date.now() + options.delayMs) } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(ctx.transaction ? { db: transactionDb(ctx.transaction) } : {}),
    };
    // The enqueuing request's trace, continued by the job (nothing when tracing is off).
    const trace = payload.trace ?? currentTraceCarrier();
    await boss.send(definition.name, Object.keys(trace).length > 0 ? { ...payload, trace } : payload, send);
  }

  /**
   * THE place a job's handler runs: as `RequestContext.system(<job name>)`, its outcome
   * counted and logged. A handler that throws fails the attempt (retried while retries remain).
   */
  private async invoke(definition: JobDefinition, job: Job<JobPayload>): Promise<"completed" | "failed"> {
    const ctx = RequestContext.system(definition.name, `job:${job.id}`);
    const { logger, onOutcome } = this.options;
    try {
      await runInJobSpan(definition.name, job.data.trace, () => definition.run(ctx, job.data), {
        "bazaar.job_id": job.id,
        "bazaar.job_attempt": job.retryCount + 1,
      });
      onOutcome?.(definition.name, "completed");
      return "completed";
    } catch (error) {
      const willRetry = job.retryCount < definition.retry.limit;
      onOutcome?.(definition.name, willRetry ? "retried" : "failed");
      logger[willRetry ? "warn" : "error"](
        { err: error, job: definition.name, jobId: job.id, attempt: job.retryCount + 1 },
        willRetry ? "job failed; it will be retried" : "job failed for the last time; given up",
      );
      return "failed";
    } finally {
      if (definition.everySeconds !== undefined) await this.scheduleNext(definition);
    }
  }

  /**
   * Queues a recurring job's next run, one interval from now. The queue keeps at most one
   * waiting run per job (`short` policy, keyed by name), so however many workers ask — each
   * at start-up, and each run for its successor — one run waits at a time: the work runs once
   * per interval across all of them. (Also while stopping: the other workers carry on.)
   */
  private async scheduleNext(definition: JobDefinition): Promise<void> {
    try {
      await this.enqueue(
        RequestContext.system(definition.name),
        definition,
        {},
        { delayMs: definition.everySeconds! * 1000, singletonKey: definition.name },
      );
    } catch (error) {
      // The next worker to start, or this run's retry, queues it instead.
      this.options.logger.error({ err: error, job: definition.name }, "could not schedule the next run");
    }
  }

  /**
   * Stops taking jobs and waits (up to `timeoutMs`) for the ones running to finish, then
   * closes the queue's connections. Safe to call when never started.
   */
  async stop(timeoutMs: number): Promise<void> {
    const boss = this.boss;
    if (!boss || this.stopping) return;
    this.stopping = true;
    const startedAt = Date.now();
    // The pollers' passes first: their due queries run on the queue's connections.
    await Promise.all(this.pollers.map((poller) => poller.stop(timeoutMs)));
    const left = timeoutMs - (Date.now() - startedAt);
    await boss.stop({ graceful: true, close: true, timeout: Math.max(1, left) });
  }
}

/** pg-boss' statements, run by the caller's Prisma transaction. */
function transactionDb(transaction: NonNullable<RequestContext["transaction"]>): BossDb {
  return {
    async executeSql(text, values) {
      const rows = await transaction.$queryRawUnsafe<unknown[]>(text, ...(values ?? []));
      return { rows };
    },
  };
}
