import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "./wait-for";

/**
 * A merchant's webhook receiver on 127.0.0.1, for Bazaar's OUTBOUND webhooks: it records
 * every POST, checks its signature the way the README tells receivers to (written here
 * independently of src), and answers as the test scripts it.
 */

/** An event as the contract's wire format has it. */
export interface OutboundEvent {
  id: string;
  type: string;
  createdAt: string;
  data: { order?: Record<string, unknown>; product?: Record<string, unknown> };
}

export interface ReceivedRequest {
  path: string;
  /** The Bazaar-Event-Id header. */
  eventIdHeader: string;
  body: string;
  event: OutboundEvent;
  /** The Bazaar-Signature header checks out against the `useSecret` secret and the raw body. */
  signatureValid: boolean;
  status: number;
  startedAt: number;
  endedAt: number;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Answer only after this long. */
  delayMs?: number;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hooks */
  url: string;
  /** Verify signatures with this secret (createWebhookEndpoint shows it once). */
  useSecret(secret: string): void;
  requests: ReceivedRequest[];
  /** The most POSTs of one event id this receiver had open at the same moment. */
  maxOverlapPerEvent(): number;
  /** Events received (every attempt) of this wire type, e.g. "order.created". */
  eventsOfType(type: string): OutboundEvent[];
  /** Waits until `count` POSTs arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, compared in constant time. */
export function signatureIsValid(secret: string, header: string, rawBody: string): boolean {
  const parts = Object.fromEntries(header.split(",").map((part) => part.split("=", 2) as [string, string]));
  if (!parts.t || !/^[0-9a-f]{64}$/.test(parts.v1 ?? "")) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1!, "hex"));
}

/** `respond(n, path, body)` answers the n-th POST (1-based); default: 200 to all. */
export async function startWebhookReceiver(
  respond: (n: number, path: string, body: string) => Answer = () => ({ status: 200 }),
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let secret = "";
  const server = createServer((request, response) => {
    const startedAt = Date.now();
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const answer = respond(requests.length + 1, request.url ?? "", body);
      const received: ReceivedRequest = {
        path: request.url ?? "",
        eventIdHeader: String(request.headers["bazaar-event-id"] ?? ""),
        body,
        event: JSON.parse(body) as OutboundEvent,
        signatureValid: signatureIsValid(secret, String(request.headers["bazaar-signature"] ?? ""), body),
        status: answer.status,
        startedAt,
        endedAt: Number.POSITIVE_INFINITY,
      };
      requests.push(received);
      setTimeout(() => {
        received.endedAt = Date.now();
        response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers }).end("ok");
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    useSecret(value) {
      secret = value;
    },
    maxOverlapPerEvent() {
      let most = 0;
      for (const one of requests) {
        const open = requests.filter(
          (other) =>
            other.event.id === one.event.id &&
            other.startedAt <= one.startedAt &&
            one.startedAt < other.endedAt,
        ).length;
        most = Math.max(most, open);
      }
      return most;
    },
    eventsOfType: (type: string) => requests.filter((r) => r.event.type === type).map((r) => r.event),
    waitForRequests: (count: number, timeoutMs = 15_000) =>
      waitFor(
        async () => requests,
        (all) => all.length >= count,
        timeoutMs,
      ),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
