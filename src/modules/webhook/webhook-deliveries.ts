import type { Logger } from "pino";
import type { RequestContext } from "../../common/request-context";
import type { WebhookSettings } from "../../config";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import { Prisma } from "../../generated/prisma/client";
import type { WebhookDeliveryStatus, WebhookEventType } from "../../generated/prisma/enums";
import { toGlobalId } from "../../graphql/global-id";
import type { JobDefinition, JobPayload } from "../../jobs/job";
import type { JobQueue } from "../../jobs/job-queue";
import { recordUpdate } from "../audit/record-audit";
import { deliveryFailed, type DisabledEndpoint } from "./endpoint-health";
import { retryDelayMs } from "./retry-backoff";
import { TargetAgents } from "./target-agents";
import { wireEventType } from "./webhook-event-data";
import { attemptTimeoutMs, sendWebhook, type AttemptResult } from "./webhook-sender";

export interface DeliveryJobPayload extends JobPayload {
  deliveryId: string;
  /** The attempt this job makes (1-based): a job for an attempt already made does nothing. */
  attempt: number;
}

/** A delivery claimed for one attempt, with what the attempt needs. */
interface ClaimedDelivery {
  id: string;
  endpointId: string;
  /** The endpoint's run of FAILED deliveries when this attempt started. */
  consecutiveFailures: number;
  leaseUntil: Date;
  url: string;
  secret: string;
  active: boolean;
  eventId: string;
  type: WebhookEventType;
  data: unknown;
  createdAt: Date;
}

/**
 * An attempt in flight holds its delivery this long: past the HTTP timeout, so a live
 * attempt never loses it, and short, so a worker that died mid-attempt holds it up briefly.
 */
const leaseMs = attemptTimeoutMs + 5_000;

class AttemptInFlightError extends Error {}

/**
 * Sends the outbox's deliveries, one job per attempt. An attempt first CLAIMS its delivery
 * (one conditional UPDATE: the row lock makes racing claims wait and then re-check, so
 * exactly one wins) and holds it by a lease, sends without any transaction open, then
 * records the outcome only if it still holds that lease — so however many workers run, no
 * two attempts of one delivery overlap, and a worker that dies mid-attempt is replaced once
 * its lease lapses. A failed attempt queues the next one after a backoff with jitter, in
 * the same transaction that records it; after the last one the delivery is FAILED and
 * counts towards turning the endpoint off.
 */
export class WebhookDeliveries {
  readonly job: JobDefinition<DeliveryJobPayload>;
  private readonly agents = new TargetAgents();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
    private readonly logger: Logger,
    private readonly settings: WebhookSettings,
  ) {
    this.job = jobs.define<DeliveryJobPayload>({
      name: "webhook.delivery",
      // Retries only when the database failed the job, or while another worker's lease runs out.
      retry: { limit: 10, maxDelaySeconds: 30 },
      // Enqueued by checkout and every other change: no NOTIFY per transaction, and no fetch
      // per event; workers collect the deliveries in batches by polling (≤ 1 s later).
      wakeWorkers: false,
      run: (ctx, payload) => this.attempt(ctx, payload),
    });
  }

  /** Queues the first attempt of each delivery, in `ctx`'s transaction when it has one. */
  async start(ctx: RequestContext, deliveryIds: readonly string[]): Promise<void> {
    for (const deliveryId of deliveryIds) await this.jobs.enqueue(ctx, this.job, { deliveryId, attempt: 1 });
  }

  /** One attempt (the job's work): claim, send, record. */
  async attempt(ctx: RequestContext, { deliveryId, attempt }: DeliveryJobPayload): Promise<void> {
    const claimed = await this.claim(deliveryId, attempt);
    if (!claimed) return;
    const result: AttemptResult = claimed.active
      ? await sendWebhook(
          claimed,
          { id: claimed.eventId, body: eventBody(claimed) },
          this.settings,
          this.agents,
        )
      : { responseStatus: null, error: "The endpoint is turned off." };
    await this.record(ctx, claimed, attempt, result);
  }

  /**
   * Takes the delivery for `attempt`: the attempt before it is over (or, after a worker
   * died, this one's lease lapsed). Null when there is nothing to do: the delivery is gone,
   * finished, or past this attempt — a job queued twice is harmless.
   * @throws AttemptInFlightError while another worker's lease on this attempt runs (the job is retried).
   */
  private async claim(deliveryId: string, attempt: number): Promise<ClaimedDelivery | null> {
    const [claimed] = await this.prisma.$queryRaw<ClaimedDelivery[]>`
      UPDATE webhook_deliveries d
      SET attempts = ${attempt}, lease_until = now() + ${leaseMs} * interval '1 millisecond'
      FROM webhook_endpoints e, outbox_events ev
      WHERE d.id = ${deliveryId}::uuid AND e.id = d.endpoint_id AND ev.id = d.event_id
        AND d.status = 'PENDING'
        AND (d.attempts = ${attempt} - 1 OR (d.attempts = ${attempt} AND d.lease_until < now()))
      RETURNING d.id, d.endpoint_id AS "endpointId", e.consecutive_failures AS "consecutiveFailures",
        d.lease_until AS "leaseUntil", e.url, e.secret,
        e.active, ev.id::text AS "eventId", ev.type::text AS type, ev.data, ev.created_at AS "createdAt"`;
    if (claimed) return claimed;
    const [held] = await this.prisma.$queryRaw<{ held: boolean }[]>`
      SELECT status = 'PENDING' AND attempts = ${attempt} AND lease_until >= now() AS held
      FROM webhook_deliveries WHERE id = ${deliveryId}::uuid`;
    if (held?.held)
      throw new AttemptInFlightError(`attempt ${attempt} of delivery ${deliveryId} is in flight`);
    return null;
  }

  /**
   * Records how the attempt ended, if the lease is still this attempt's (else another worker
   * took the attempt over after it lapsed, and its outcome is the one that counts). A 2xx is
   * one statement and no transaction: the common case costs the least.
   */
  private async record(
    ctx: RequestContext,
    claimed: ClaimedDelivery,
    attempt: number,
    result: AttemptResult,
  ): Promise<void> {
    if (result.error === null) {
      await this.prisma.$executeRaw`
        WITH delivered AS (
          ${outcomeUpdate(claimed, attempt, result, "SUCCEEDED", null)}
          RETURNING endpoint_id
        )
        UPDATE webhook_endpoints SET consecutive_failures = 0
        WHERE id IN (SELECT endpoint_id FROM delivered) AND consecutive_failures > 0`;
      return;
    }
    const last = !claimed.active || attempt >= this.settings.maxAttempts;
    const delayMs = last ? 0 : retryDelayMs(attempt, this.settings.backoffBaseMs);
    const nextAttemptAt = last ? null : new Date(Date.now() + delayMs);
    await this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const [held] = await tx.$queryRaw<unknown[]>`
        ${outcomeUpdate(claimed, attempt, result, last ? "FAILED" : "PENDING", nextAttemptAt)}
        RETURNING id`;
      if (!held) return;
      if (!last) {
        await this.jobs.enqueue(ctx, this.job, { deliveryId: claimed.id, attempt: attempt + 1 }, { delayMs });
      } else if (claimed.active) {
        const disabled = await deliveryFailed(tx, claimed.endpointId, this.settings.disableAfter);
        if (disabled) await this.onEndpointDisabled(ctx, disabled);
      }
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

/** The attempt's outcome, written only while the delivery is still held by this attempt's lease. */
function outcomeUpdate(
  claimed: ClaimedDelivery,
  attempt: number,
  result: AttemptResult,
  status: WebhookDeliveryStatus,
  nextAttemptAt: Date | null,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE webhook_deliveries
    SET lease_until = NULL, status = ${status}::"WebhookDeliveryStatus",
      response_status = ${result.responseStatus}::int, last_error = ${result.error}::text,
      next_attempt_at = ${nextAttemptAt}::timestamptz,
      delivered_at = CASE WHEN ${status} = 'SUCCEEDED' THEN now() END
    WHERE id = ${claimed.id}::uuid AND attempts = ${attempt} AND lease_until = ${claimed.leaseUntil}`;
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
