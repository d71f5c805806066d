import type { Logger } from "pino";
import type { RequestContext } from "../../common/request-context";
import type { WebhookSettings } from "../../config";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Db, type Transactions } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
import type { WebhookDeliveryStatus, WebhookEventType } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import type { JobOutcome } from "../../jobs/job";
import type { JobQueue } from "../../jobs/job-queue";
import { runInJobSpan, type TraceCarrier } from "../../observability/job-spans";
import { recordUpdate } from "../audit/record-audit";
import { deliveryFailed, type DisabledEndpoint } from "./endpoint-health";
import { retryDelayMs } from "./retry-backoff";
import { TargetAgents } from "./target-agents";
import { wireEventType } from "./webhook-event-data";
import { attemptTimeoutMs, sendWebhook, type AttemptResult } from "./webhook-sender";

/** A delivery claimed for one attempt, with what the attempt needs. */
interface ClaimedDelivery {
  id: string;
  /** The attempt this claim makes (1-based); one taken over after its worker died keeps its number. */
  attempt: number;
  leaseUntil: Date;
  /** Null when the endpoint is gone (deleted while the event was being written). */
  url: string | null;
  secret: string | null;
  /** False when the endpoint is turned off or gone: the attempt fails without sending anything. */
  active: boolean;
  eventId: string;
  type: WebhookEventType;
  data: unknown;
  createdAt: Date;
  trace: TraceCarrier | null;
}

/** How an attempt ends for its delivery, as the delivery's row records it. */
interface Outcome {
  id: string;
  attempt: number;
  leaseUntil: Date;
  status: WebhookDeliveryStatus;
  responseStatus: number | null;
  lastError: string | null;
  /** The next attempt is due this long after the outcome is recorded; null when there is none. */
  retryInMs: number | null;
  /** The last attempt at a live endpoint failed: one more in the endpoint's run of failures. */
  endpointFailure: boolean;
}

/**
 * An attempt in flight holds its delivery this long: past the HTTP timeout, so a live
 * attempt never loses it, and short, so a worker that died mid-attempt holds it up briefly.
 */
const leaseMs = attemptTimeoutMs + 5_000;

/** PENDING and due, and no attempt holds it (or the one that did outlived its lease: its worker died). */
const dueCondition = `status = 'PENDING' AND coalesce(next_attempt_at, created_at) <= now()
  AND (lease_until IS NULL OR lease_until < now())`;

/**
 * Sends the outbox's deliveries. The delivery rows are their own queue (due at
 * `coalesce(next_attempt_at, created_at)`, a partial index on that): writing one is all a
 * change does, and workers poll for due ones (`JobQueue.definePolled`). A worker CLAIMS a
 * batch in one statement (`FOR UPDATE SKIP LOCKED`, so concurrent claims never take the same
 * row) and holds each delivery by a lease; it sends them side by side without any
 * transaction open, then records the outcomes in one statement, each only if its lease is
 * still the one it took — so however many workers run, no two attempts of one delivery
 * overlap, and a worker that dies mid-attempt is replaced once its lease lapses. A failed
 * attempt sets when the next one is due (a backoff with jitter); after the last one the
 * delivery is FAILED and counts towards turning the endpoint off.
 */
export class WebhookDeliveries {
  private readonly agents = new TargetAgents();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    jobs: JobQueue,
    private readonly logger: Logger,
    private readonly settings: WebhookSettings,
  ) {
    jobs.definePolled({
      name: deliveryWorkName,
      dueQuery: `SELECT EXISTS (SELECT FROM webhook_deliveries WHERE ${dueCondition}) AS due`,
      runDue: (ctx, limit) => this.attemptDue(ctx, limit),
    });
  }

  /**
   * Claims up to `limit` due deliveries, makes an attempt at each (side by side) and records
   * how each went. Any number of these may run at once, on any number of nodes.
   */
  async attemptDue(ctx: RequestContext, limit: number): Promise<JobOutcome[]> {
    const claimed = await this.claimDue(limit);
    if (claimed.length === 0) return [];
    const outcomes = await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    const others = outcomes.filter((outcome) => !outcome.endpointFailure);
    if (others.length > 0) await recordOutcomes(this.prisma, others);
    // Rare, and counted against the endpoint: a transaction each.
    for (const failure of outcomes.filter((outcome) => outcome.endpointFailure))
      await this.recordEndpointFailure(ctx, failure);
    return claimed.map(() => "completed");
  }

  private claimDue(limit: number): Promise<ClaimedDelivery[]> {
    return this.prisma.$queryRaw<ClaimedDelivery[]>`
      WITH due AS (
        SELECT id, endpoint_id, event_id FROM webhook_deliveries
        WHERE ${Prisma.raw(dueCondition)}
        ORDER BY coalesce(next_attempt_at, created_at)
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE webhook_deliveries d
      SET attempts = d.attempts + CASE WHEN d.lease_until IS NULL THEN 1 ELSE 0 END,
        lease_until = now() + ${leaseMs} * interval '1 millisecond'
      FROM due
        JOIN outbox_events ev ON ev.id = due.event_id
        LEFT JOIN webhook_endpoints e ON e.id = due.endpoint_id
      WHERE d.id = due.id
      RETURNING d.id, d.attempts AS attempt, d.lease_until AS "leaseUntil",
        e.url, e.secret, coalesce(e.active, false) AS active,
        ev.id::text AS "eventId", ev.type::text AS type, ev.data, ev.created_at AS "createdAt", ev.trace`;
  }

  /** One attempt, in a span continuing the trace of the change that wrote the event. Never throws. */
  private async attempt(delivery: ClaimedDelivery): Promise<Outcome> {
    const result = await runInJobSpan(
      deliveryWorkName,
      delivery.trace ?? undefined,
      () => this.send(delivery),
      {
        "bazaar.webhook_delivery_id": delivery.id,
        "bazaar.job_attempt": delivery.attempt,
      },
    );
    return this.outcome(delivery, result);
  }

  private send(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { active, url, secret } = delivery;
    if (!active || url === null || secret === null)
      return Promise.resolve({ responseStatus: null, error: "The endpoint is turned off." });
    const event = { id: delivery.eventId, body: eventBody(delivery) };
    return sendWebhook({ url, secret }, event, this.settings, this.agents);
  }

  private outcome(delivery: ClaimedDelivery, result: AttemptResult): Outcome {
    const { id, attempt, leaseUntil, active } = delivery;
    const { responseStatus, error: lastError } = result;
    const recorded = { id, attempt, leaseUntil, responseStatus, lastError, endpointFailure: false };
    if (lastError === null) return { ...recorded, status: "SUCCEEDED", retryInMs: null };
    if (active && attempt < this.settings.maxAttempts) {
      const retryInMs = retryDelayMs(attempt, this.settings.backoffBaseMs);
      return { ...recorded, status: "PENDING", retryInMs };
    }
    return { ...recorded, status: "FAILED", retryInMs: null, endpointFailure: active };
  }

  /** The last attempt at a live endpoint failed: FAILED, and one more failure in the endpoint's run. */
  private async recordEndpointFailure(ctx: RequestContext, outcome: Outcome): Promise<void> {
    await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const [recorded] = await recordOutcomes(tx, [outcome]);
      if (!recorded) return;
      const disabled = await deliveryFailed(tx, recorded.endpointId, this.settings.disableAfter);
      if (disabled) await this.onEndpointDisabled(ctx, disabled);
    });
  }

  /**
   * Runs in the transaction that turned `endpoint` off after repeated failures: the audit
   * entry (Bazaar itself acted) is written with it, and the operators are told in the log.
   */
  private async onEndpointDisabled(ctx: RequestContext, endpoint: DisabledEndpoint): Promise<void> {
    await recordUpdate(
      ctx,
      "webhook_endpoint.disable",
      { type: "WebhookEndpoint", key: endpoint.id },
      { active: true, disabledReason: null },
      { active: false, disabledReason: endpoint.disabledReason },
    );
    this.logger.warn(
      {
        endpointId: toGlobalId("WebhookEndpoint", endpoint.id),
        url: endpoint.url,
        reason: endpoint.disabledReason,
        requestId: ctx.requestId,
      },
      "webhook endpoint turned off after repeated failures",
    );
  }
}

/** The name polled delivery attempts go by: the span of each, and the `job` label in /metrics. */
const deliveryWorkName = "webhook.delivery";

/**
 * Records outcomes in one statement, each only while its delivery is still held by the lease
 * its attempt took (else another worker took the attempt over after the lease lapsed, and
 * its outcome is the one that counts). A success also ends its endpoint's run of failures.
 * @returns the deliveries recorded.
 */
async function recordOutcomes(db: Db, outcomes: readonly Outcome[]): Promise<{ endpointId: string }[]> {
  const rows = outcomes.map((outcome) => ({
    id: outcome.id,
    attempt: outcome.attempt,
    lease_until: outcome.leaseUntil,
    status: outcome.status,
    response_status: outcome.responseStatus,
    last_error: outcome.lastError,
    retry_in_ms: outcome.retryInMs,
  }));
  return db.$queryRaw<{ endpointId: string }[]>`
    WITH outcome AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS o(
        id uuid, attempt int, lease_until timestamptz, status "WebhookDeliveryStatus",
        response_status int, last_error text, retry_in_ms int)
    ),
    recorded AS (
      UPDATE webhook_deliveries d
      SET lease_until = NULL, status = o.status, response_status = o.response_status,
        last_error = o.last_error, next_attempt_at = now() + o.retry_in_ms * interval '1 millisecond',
        delivered_at = CASE WHEN o.status = 'SUCCEEDED' THEN now() END
      FROM outcome o
      WHERE d.id = o.id AND d.attempts = o.attempt AND d.lease_until = o.lease_until
      RETURNING d.endpoint_id, d.status
    ),
    succeeded AS (
      UPDATE webhook_endpoints SET consecutive_failures = 0
      WHERE id IN (SELECT endpoint_id FROM recorded WHERE status = 'SUCCEEDED') AND consecutive_failures > 0
    )
    SELECT endpoint_id::text AS "endpointId" FROM recorded`;
}

/** The event exactly as POSTed: the same bytes on every attempt (only the signature's timestamp changes). */
function eventBody(event: Pick<ClaimedDelivery, "eventId" | "type" | "data" | "createdAt">): string {
  return JSON.stringify({
    id: event.eventId,
    type: wireEventType(event.type),
    createdAt: event.createdAt.toISOString(),
    data: event.data,
  });
}
