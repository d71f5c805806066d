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
 * (and acknowledges) every delivery, so nothing reaches the app until the test forwards it.
 */
export interface WebhookSink {
  url: string;
  /** The deliveries it acknowledged (2xx), in order. */
  deliveries: (Delivery & { path: string; event: EventData })[];
  /** Every POST it received, refused ones included, in order. */
  attempts: (Delivery & { status: number; at: number })[];
  /** Waits (bounded) for the gateway's delivery about `providerRef`. */
  deliveryFor(providerRef: string): Promise<Delivery & { event: EventData }>;
  close(): Promise<void>;
}

export interface WebhookSinkOptions {
  /** Answer this many first POSTs with 503, as a receiver that is down would. */
  refuseFirst?: number;
}

export async function startWebhookSink({ refuseFirst = 0 }: WebhookSinkOptions = {}): Promise<WebhookSink> {
  const deliveries: WebhookSink["deliveries"] = [];
  const attempts: WebhookSink["attempts"] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const signature = String(request.headers["bazaar-signature"] ?? "");
      const status = attempts.length < refuseFirst ? 503 : 200;
      attempts.push({ body, signature, status, at: Date.now() });
      if (status === 200)
        deliveries.push({ path: request.url ?? "", body, signature, event: JSON.parse(body) as EventData });
      response.writeHead(status, { "content-type": "application/json" }).end("{}");
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
