import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookRejectedError } from "./payment-gateway";

export const signatureHeader = "bazaar-signature";

function hmac(secret: string, timestamp: number, body: Buffer | string): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>` */
export function signWebhook(secret: string, body: Buffer | string, now = Date.now()): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Accepts a webhook only if its signature is ours (compared in constant time) and its
 * timestamp is within `toleranceSeconds` of now: a captured delivery cannot be replayed
 * later, and the timestamp cannot be changed without breaking the signature.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: Buffer,
  toleranceSeconds: number,
  now = Date.now(),
): void {
  const parts = new Map(
    (header ?? "").split(",").map((part) => part.trim().split("=", 2) as [string, string]),
  );
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1") ?? "";
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given))
    throw new WebhookRejectedError("malformed signature header");
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds)
    throw new WebhookRejectedError("timestamp outside the tolerance window");
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  if (!timingSafeEqual(expected, Buffer.from(given, "hex")))
    throw new WebhookRejectedError("signature mismatch");
}
