import http from "node:http";
import https from "node:https";
import { signWebhook } from "../payment/webhook-signature";
import type { TargetAgents } from "./target-agents";
import { parseWebhookUrl, resolveWebhookTarget, type TargetPolicy } from "./webhook-target";

/** A receiver that has not answered within this long counts as down: the attempt fails. */
export const attemptTimeoutMs = 10_000;

/** How one attempt ended: the receiver's HTTP status (null when none came) and, unless 2xx, why it failed. */
export interface AttemptResult {
  responseStatus: number | null;
  error: string | null;
}

/** A receiver's answer body is read (to keep the connection) up to this size, then the connection is dropped. */
const maxBodyBytes = 64 * 1024;

/** Errors are stored and shown to ADMIN: short, and never a response body. */
const maxErrorLength = 200;

function shortError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  const text = code && !message.includes(code) ? `${code}: ${message}` : message;
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength - 1)}…` : text;
}

/** POSTs `body` through `agent` (its connections go to checked addresses only); resolves with the status as soon as it is known. */
function post(url: URL, agent: http.Agent, headers: Record<string, string>, body: string): Promise<number> {
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        agent,
        signal: AbortSignal.timeout(attemptTimeoutMs),
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        // The body is drained, never kept, so that the connection can carry the next
        // delivery; a large one is not worth reading.
        let bytes = 0;
        response.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > maxBodyBytes) response.destroy();
        });
        response.on("error", () => undefined);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/**
 * One signed attempt: the URL's host is resolved and checked again (DNS can change since
 * the endpoint was created), the request goes to exactly the addresses checked, carries
 * `Bazaar-Event-Id` and `Bazaar-Signature: t=…,v1=…` (HMAC-SHA256 of "<t>.<body>", signed
 * afresh per attempt), and is given 10 s. Connections are kept alive per checked target. Redirects are not followed: a 3xx is a failure,
 * as following one could lead anywhere, 127.0.0.1 included. Never throws.
 */
export async function sendWebhook(
  target: { url: string; secret: string },
  event: { id: string; body: string },
  policy: TargetPolicy,
  agents: TargetAgents,
): Promise<AttemptResult> {
  let status: number;
  try {
    const url = parseWebhookUrl(target.url, policy);
    const addresses = await resolveWebhookTarget(url, policy);
    status = await post(
      url,
      agents.for(url, addresses),
      {
        "content-type": "application/json",
        "user-agent": "Bazaar-Webhooks/1",
        "bazaar-event-id": event.id,
        "bazaar-signature": signWebhook(target.secret, event.body),
      },
      event.body,
    );
  } catch (error) {
    return { responseStatus: null, error: shortError(error) };
  }
  if (status >= 200 && status < 300) return { responseStatus: status, error: null };
  const why = status >= 300 && status < 400 ? "a redirect (not followed)" : "not 2xx";
  return { responseStatus: status, error: `HTTP ${status}: ${why}` };
}
