import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { waitFor } from "./wait-for";

/** What a gateway event says (the test's own view of it, written independently of src). */
export interface EventData {
  id: string;
  type: "payment.succeeded" | "payment.failed";
  providerRef: string;
  amount: number;
  currencyCode: string;
  failureReason?: string;
}
/** One webhook as sent over the wire. */
export interface Delivery {
  body: string;
  signature: string;
}

/**
 * Stands in for Bazaar's webhook endpoint as the gateway's callback address: it records
 * (and acknowledges) every delivery, so nothing reaches the app until the test forwards it
 * — or, with `relayTo`, it passes each delivery on to the app and answers with the app's status.
 */
export interface WebhookSink {
  url: string;
  /** The deliveries it acknowledged (2xx), in order. */
  deliveries: (Delivery & { path: string; event: EventData })[];
  /**
   * Every POST it received, refused and held ones included, in order; `status` is what it
   * answered (0 while held).
   */
  attempts: (Delivery & { status: number; at: number })[];
  /** Waits (bounded) for the gateway's delivery about `providerRef`. */
  deliveryFor(providerRef: string): Promise<Delivery & { event: EventData }>;
  close(): Promise<void>;
}

export interface WebhookSinkOptions {
  /** Answer this many first POSTs with 503, as a receiver that is down would. */
  refuseFirst?: number;
  /**
   * Never answer this many first POSTs (after the refused ones): they stay open until the
   * sender goes away or the sink closes, as a receiver that hangs mid-request would.
   */
  holdFirst?: number;
  /**
   * POST every other delivery on to the base URL this returns (same path, body and
   * signature; asked at each delivery, so it may be a receiver started after the sink) and
   * answer with its status.
   */
  relayTo?: () => string;
}

/** The status the receiver at `baseUrl` answers the delivery with. */
async function relay(baseUrl: string, path: string, { body, signature }: Delivery): Promise<number> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "bazaar-signature": signature },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

export async function startWebhookSink({
  refuseFirst = 0,
  holdFirst = 0,
  relayTo,
}: WebhookSinkOptions = {}): Promise<WebhookSink> {
  const deliveries: WebhookSink["deliveries"] = [];
  const attempts: WebhookSink["attempts"] = [];
  const answer = async (path: string, delivery: Delivery): Promise<number | undefined> => {
    const attempt = { ...delivery, status: 0, at: Date.now() };
    const number = attempts.push(attempt);
    if (number <= refuseFirst) attempt.status = 503;
    else if (number <= refuseFirst + holdFirst) return undefined;
    else attempt.status = relayTo ? await relay(relayTo(), path, delivery).catch(() => 502) : 200;
    if (attempt.status >= 200 && attempt.status < 300)
      deliveries.push({ path, ...delivery, event: JSON.parse(delivery.body) as EventData });
    return attempt.status;
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["bazaar-signature"] ?? "");
      void answer(request.url ?? "", { body, signature }).then((status) => {
        if (status !== undefined)
          response.writeHead(status, { "content-type": "application/json" }).end("{}");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries,
    attempts,
    async deliveryFor(providerRef) {
      const found = await waitFor(
        async () => deliveries.find((delivery) => delivery.event.providerRef === providerRef),
        (delivery) => delivery !== undefined,
      );
      return found!;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
