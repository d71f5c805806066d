import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import { RequestContext } from "../../common/request-context";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { JobDefinition } from "../../jobs/job";
import type { JobQueue } from "../../jobs/job-queue";
import {
  GatewayRequestError,
  WebhookRejectedError,
  type CreatePaymentRequest,
  type GatewayEvent,
  type PaymentGateway,
} from "./payment-gateway";
import { webhookDeliveryJob, type WebhookDeliveryPayload } from "./webhook-delivery";
import { signatureHeader, verifyWebhookSignature } from "./webhook-signature";

/** Card tokens the test gateway understands, as a real provider's test mode does. */
const testTokens: Record<string, { outcome: "succeeded" } | { outcome: "failed"; reason: string }> = {
  tok_visa: { outcome: "succeeded" },
  tok_mastercard: { outcome: "succeeded" },
  tok_chargeDeclined: { outcome: "failed", reason: "card_declined" },
  tok_chargeDeclinedInsufficientFunds: { outcome: "failed", reason: "insufficient_funds" },
};

export interface TestGatewaySettings {
  /** Shared with the webhook receiver: signs every delivery. */
  webhookSecret: string;
  /**
   * Bazaar's own webhook endpoint, known once the server listens; read when a payment is made
   * and carried by its delivery job, so whichever worker delivers posts where the node said.
   */
  webhookUrl: () => string;
  toleranceSeconds: number;
  /** Delay before the first delivery (a provider answers asynchronously). */
  firstDeliveryDelayMs: number;
  /** How long each call takes to answer, as a slow provider's would. */
  latencyMs: number;
}

/** The gateway's own records are written as the gateway, not as whoever asked. */
const gatewayContext = RequestContext.system("test-gateway");

/**
 * A built-in provider for development and tests that behaves like a real one: payments
 * start PENDING, the outcome (decided by the card token) is POSTed to Bazaar's webhook
 * endpoint, signed, and re-delivered with backoff until acknowledged.
 *
 * Its payments live in the database (`test_gateway_payments`), and each outcome's delivery
 * is a job enqueued in the transaction that records the payment: every node, and a node
 * after a restart, knows the payments any node started, and no delivery is lost or sent for
 * a payment that was never recorded.
 */
export class TestGateway implements PaymentGateway {
  readonly name = "test";
  private readonly delivery: JobDefinition<WebhookDeliveryPayload>;

  constructor(
    private readonly settings: TestGatewaySettings,
    private readonly transactions: Transactions,
    private readonly jobs: JobQueue,
  ) {
    this.delivery = jobs.define(webhookDeliveryJob("test-gateway.webhook", settings.webhookSecret));
  }

  async createPayment(request: CreatePaymentRequest): Promise<{ providerRef: string }> {
    await setTimeout(this.settings.latencyMs);
    return this.transactions.withTransaction(gatewayContext, async (ctx) => {
      const tx = transactionOf(ctx);
      const byKey = { where: { idempotencyKey: request.idempotencyKey }, select: { providerRef: true } };
      const behaviour = testTokens[request.paymentToken];
      if (!behaviour) {
        // A retry of a payment already made answers with it, whatever its token says now.
        const made = await tx.testGatewayPayment.findUnique(byKey);
        if (made) return made;
        throw new GatewayRequestError(
          `unknown test card token; use one of ${Object.keys(testTokens).join(", ")}`,
        );
      }
      const providerRef = `pi_test_${randomUUID().replace(/-/g, "")}`;
      // Inserted first, read only when the key is taken: a call with the same key racing this
      // one (a client's retry) waits here for it, then answers with its payment.
      const inserted = await tx.$queryRaw<unknown[]>`
        INSERT INTO test_gateway_payments (idempotency_key, provider_ref, amount, currency_code)
        VALUES (${request.idempotencyKey}, ${providerRef}, ${request.amount}, ${request.currencyCode})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING provider_ref`;
      // Made already (a retry), or meanwhile by a racing call: its payment is the answer.
      if (inserted.length === 0) return tx.testGatewayPayment.findUniqueOrThrow(byKey);
      await this.jobs.enqueue(
        ctx,
        this.delivery,
        {
          url: this.settings.webhookUrl(),
          body: JSON.stringify(outcomeEvent(providerRef, request, behaviour)),
        },
        { delayMs: this.settings.firstDeliveryDelayMs },
      );
      return { providerRef };
    });
  }

  /** Any payment this gateway could have made (also before a restart) can be refunded. */
  async refund(providerRef: string): Promise<void> {
    await setTimeout(this.settings.latencyMs);
    if (!/^pi_test_[0-9a-f]{32}$/.test(providerRef))
      throw new GatewayRequestError(`no payment ${providerRef} to refund`);
  }

  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayEvent {
    const header = headers[signatureHeader];
    verifyWebhookSignature(
      this.settings.webhookSecret,
      Array.isArray(header) ? header[0] : header,
      rawBody,
      this.settings.toleranceSeconds,
    );
    let event: unknown;
    try {
      event = JSON.parse(rawBody.toString("utf8"));
    } catch {
      throw new WebhookRejectedError("body is not JSON");
    }
    return parseGatewayEvent(event);
  }
}

function outcomeEvent(
  providerRef: string,
  request: CreatePaymentRequest,
  behaviour: (typeof testTokens)[string],
): GatewayEvent {
  return {
    id: `evt_test_${randomUUID().replace(/-/g, "")}`,
    type: behaviour.outcome === "succeeded" ? "payment.succeeded" : "payment.failed",
    providerRef,
    amount: request.amount,
    currencyCode: request.currencyCode,
    ...(behaviour.outcome === "failed" ? { failureReason: behaviour.reason } : {}),
  };
}

function parseGatewayEvent(value: unknown): GatewayEvent {
  const event = value as Partial<GatewayEvent> | null;
  if (
    typeof event?.id !== "string" ||
    (event.type !== "payment.succeeded" && event.type !== "payment.failed") ||
    typeof event.providerRef !== "string" ||
    !Number.isInteger(event.amount) ||
    typeof event.currencyCode !== "string"
  ) {
    throw new WebhookRejectedError("not a payment event");
  }
  return event as GatewayEvent;
}
