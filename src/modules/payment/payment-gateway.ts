/** What a gateway reports back, through a signed webhook. */
export interface GatewayEvent {
  /** The gateway's event id: each is processed once, however often it is delivered. */
  id: string;
  type: "payment.succeeded" | "payment.failed";
  /** The gateway's id of the payment (what `createPayment` returned). */
  providerRef: string;
  /** Minor units, as the gateway saw them: checked against what Bazaar asked for. */
  amount: number;
  currencyCode: string;
  failureReason?: string;
}

export interface CreatePaymentRequest {
  amount: number;
  currencyCode: string;
  /** The token the client got from the gateway's card form. */
  paymentToken: string;
  /** Retries of the same payment reach the gateway with the same key. */
  idempotencyKey: string;
}

/**
 * A payment provider. Bazaar never learns card details: the client hands over a token, the
 * gateway answers later with a signed webhook saying whether the money moved.
 */
export interface PaymentGateway {
  readonly name: string;
  /** Starts a payment; the outcome arrives later as a webhook. Returns the gateway's id for it. */
  createPayment(request: CreatePaymentRequest): Promise<{ providerRef: string }>;
  /** Gives the money of a succeeded payment back (idempotent per payment). */
  refund(providerRef: string, amount: number): Promise<void>;
  /**
   * Checks a webhook's signature and freshness and parses it.
   * @throws WebhookRejectedError when it is forged, stale or malformed.
   */
  verifyWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): GatewayEvent;
}

export class WebhookRejectedError extends Error {}

/** A payment gateway refused a request (unknown token, bad amount…): the client's to fix. */
export class GatewayRequestError extends Error {}
