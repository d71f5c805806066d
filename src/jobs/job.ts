import type { RequestContext } from "../common/request-context";

/**
 * What every job carries besides its own data. `trace` is a propagation carrier (W3C
 * `traceparent`, baggage…) that the queue stores and hands back untouched, so that a job can
 * continue the trace of the request that enqueued it.
 */
export interface JobPayload {
  trace?: Record<string, string>;
}

export interface RetryPolicy {
  /** Retries after the first attempt; the job is given up after the last. */
  limit: number;
  /** Ceiling of the exponential backoff between attempts. */
  maxDelaySeconds: number;
}

/**
 * A kind of background work: its queue name, how it is retried, and what it does. `run`
 * receives `RequestContext.system(name)`; it throws to fail the attempt, which is retried
 * with exponential backoff until `retry.limit` runs out.
 */
export interface JobDefinition<P extends JobPayload = JobPayload> {
  /** The queue's name; also the system context's name and the `job` label in /metrics. */
  readonly name: string;
  readonly retry: RetryPolicy;
  /**
   * Recurring work: runs once per this many seconds across all workers (the payload is
   * empty). Absent: runs when enqueued.
   */
  readonly everySeconds?: number;
  /**
   * How long a finished job's row (and its payload) is kept. Short for payloads that must not
   * linger, such as a password-reset link.
   */
  readonly keepFinishedSeconds?: number;
  /**
   * Wake idle workers at once when a job is enqueued (default true). Off: workers find the
   * queue's jobs by polling (`BAZAAR_JOBS_POLL_INTERVAL_MS`), a batch at a time — for work
   * enqueued on a hot path, where a NOTIFY per transaction and a fetch per job cost more
   * than a second's wait is worth.
   */
  readonly wakeWorkers?: boolean;
  run(ctx: RequestContext, payload: P): Promise<void>;
}

export type JobOutcome = "completed" | "failed" | "retried";

/**
 * Work kept in a table of its own instead of queued as jobs (the outbox's webhook deliveries):
 * its rows say what is due, so the change that creates some writes its rows and enqueues
 * nothing. On every node that runs jobs, a poller asks every poll interval whether anything
 * is due and, if so, has `runDue` take it in batches. Taking an item so that no other worker
 * takes it too (a claim, a lease) is `runDue`'s part.
 */
export interface PolledWorkDefinition {
  /** The system context's name and the `job` label in /metrics. */
  readonly name: string;
  /**
   * One statement answering one row `{ due: boolean }`. It runs on the queue's own
   * connections, as the queue's own polling does: an idle poll is no statement of the app's.
   */
  readonly dueQuery: string;
  /**
   * Takes up to `limit` due items and does them; resolves with each one's outcome. Fewer
   * outcomes than `limit`: nothing more was due. Otherwise the poller asks again at once.
   */
  runDue(ctx: RequestContext, limit: number): Promise<JobOutcome[]>;
}
