import { randomUUID } from "node:crypto";
import { setTimeout } from "node:timers/promises";
import type { Logger } from "pino";
import { currentTraceCarrier } from "../../observability/job-spans";
import {
  GatewayRequestError,
  WebhookRejectedError,
  type CreatePaymentRequest,
  type GatewayEvent,
  type PaymentGateway,
} from "./payment-gateway";
import { WebhookDeliverer } from "./webhook-delivery";
import { signatureHeader, signWebhook, verifyWebhookSignature } from "./webhook-signature";

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
  /** Bazaar's own webhook endpoint, known once the server listens. */
  webhookUrl: () => string;
  toleranceSeconds: number;
  /** Delay before the first delivery (a provider answers asynchronously). */
  firstDeliveryDelayMs: number;
  /** How long each call takes to answer, as a slow provider's would. */
  latencyMs: number;
}

/**
 * A built-in provider for development and tests that behaves like a real one: payments
 * start PENDING, the outcome (decided by the card token) is POSTed to Bazaar's webhook
 * endpoint, signed, and re-delivered with backoff until acknowledged.
 */
export class TestGateway implements PaymentGateway {
  readonly name = "test";
  private readonly deliverer: WebhookDeliverer;
  /** Idempotency: the same key starts no second payment. */
  private readonly paymentsByKey = new Map<string, string>();

  constructor(
    private readonly settings: TestGatewaySettings,
    logger: Logger,
  ) {
    this.deliverer = new WebhookDeliverer(logger.child({ gateway: this.name }), {
      firstDelayMs: settings.firstDeliveryDelayMs,
      maxDelayMs: 30_000,
      maxAttempts: 12,
    });
  }

  async createPayment(request: CreatePaymentRequest): Promise<{ providerRef: string }> {
    await setTimeout(this.settings.latencyMs);
    const known = this.paymentsByKey.get(request.idempotencyKey);
    if (known) return { providerRef: known };
    const behaviour = testTokens[request.paymentToken];
    if (!behaviour)
      throw new GatewayRequestError(
        `unknown test card token; use one of ${Object.keys(testTokens).join(", ")}`,
      );
    const providerRef = `pi_test_${randomUUID().replace(/-/g, "")}`;
    this.paymentsByKey.set(request.idempotencyKey, providerRef);
    const event: GatewayEvent = {
      id: `evt_test_${randomUUID().replace(/-/g, "")}`,
      type: behaviour.outcome === "succeeded" ? "payment.succeeded" : "payment.failed",
      providerRef,
      amount: request.amount,
      currencyCode: request.currencyCode,
      ...(behaviour.outcome === "failed" ? { failureReason: behaviour.reason } : {}),
    };
    const body = JSON.stringify(event);
    // `traceparent`: the webhook's request continues the trace of the payment that caused it.
    const traceHeaders = currentTraceCarrier();
    this.deliverer.deliver(this.settings.webhookUrl, body, () => ({
      ...traceHeaders,
      [signatureHeader]: signWebhook(this.settings.webhookSecret, body),
    }));
    return { providerRef };
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

  close(): void {
    this.deliverer.close();
  }
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
