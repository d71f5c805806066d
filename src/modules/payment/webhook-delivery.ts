import type { Logger } from "pino";

export interface DeliverySettings {
  /** Delay before the first attempt, then doubled per retry up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}

/**
 * Delivers webhooks the way payment providers do: POST, and if the receiver does not
 * answer 2xx (down, busy, not ready for this event yet), try again later with exponential
 * backoff until it does or the attempts run out.
 */
export class WebhookDeliverer {
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly settings: DeliverySettings,
  ) {}

  deliver(url: () => string, body: string, headers: () => Record<string, string>, attempt = 1): void {
    if (this.closed) return;
    const delay = Math.min(this.settings.firstDelayMs * 2 ** (attempt - 1), this.settings.maxDelayMs);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void this.attempt(url, body, headers, attempt);
    }, delay);
    // Pending deliveries must not keep a stopping process alive.
    timer.unref();
    this.pending.add(timer);
  }

  private async attempt(
    url: () => string,
    body: string,
    headers: () => Record<string, string>,
    attempt: number,
  ): Promise<void> {
    let outcome: string;
    try {
      // Signed per attempt: a retry carries a fresh timestamp, as providers do.
      const response = await fetch(url(), {
        method: "POST",
        headers: { "content-type": "application/json", ...headers() },
        body,
      });
      await response.arrayBuffer();
      if (response.ok) return;
      outcome = `HTTP ${response.status}`;
    } catch (error) {
      outcome = (error as Error).message;
    }
    if (attempt >= this.settings.maxAttempts) {
      this.logger.error({ attempt, outcome }, "webhook delivery given up");
      return;
    }
    this.logger.warn({ attempt, outcome }, "webhook delivery failed; retrying");
    this.deliver(url, body, headers, attempt + 1);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}
