import type { JobDefinition, JobPayload } from "../../jobs/job";
import { currentTraceCarrier } from "../../observability/job-spans";
import { signatureHeader, signWebhook } from "./webhook-signature";

export interface WebhookDeliveryPayload extends JobPayload {
  /** The receiver, as the gateway knew it when the event happened. */
  url: string;
  /** The event, exactly as it is POSTed. */
  body: string;
}

/** A receiver that does not answer within this long counts as down: the attempt fails. */
const attemptTimeoutMs = 10_000;

/**
 * Delivers a gateway's webhooks the way payment providers do: POST the signed event, and if
 * the receiver does not answer 2xx (down, busy, not ready for this event yet), fail the
 * attempt so the queue tries again later with exponential backoff, until it does or the
 * retries run out. Each attempt is signed afresh, with its own timestamp, as providers do.
 */
export function webhookDeliveryJob(
  name: string,
  webhookSecret: string,
): JobDefinition<WebhookDeliveryPayload> {
  return {
    name,
    retry: { limit: 11, maxDelaySeconds: 30 },
    async run(_ctx, { url, body }) {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [signatureHeader]: signWebhook(webhookSecret, body),
          // `traceparent`: the webhook's request continues the trace of the delivery job,
          // itself the continuation of the payment that caused it.
          ...currentTraceCarrier(),
        },
        body,
        signal: AbortSignal.timeout(attemptTimeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`the webhook receiver answered HTTP ${response.status}`);
    },
  };
}
