import { OrderUpdatedDocument, type OrderUpdatedSubscription } from "../../client";
import { showingLogs, useCluster, type Cluster, type ClusterNode } from "../helpers/cluster";
import { jobOutcomes, jobStates } from "../helpers/jobs";
import { placeOrder } from "../helpers/orders";
import { orderStatusOf, payInput, payOrderOk, paymentRowsOf } from "../helpers/payments";
import { seedProduct } from "../helpers/seed";
import { useSockets, type Feed } from "../helpers/subscriptions";
import { waitFor, withDeadline } from "../helpers/wait-for";
import { startWebhookSink, type EventData, type WebhookSink } from "../helpers/webhook-sink";

/**
 * Payment webhooks across server processes (`node main.js`) on one PostgreSQL database and
 * one Redis: the gateway's outcome is delivered by a background job on whichever node runs
 * jobs, to the URL the paying node gave, and every node's subscribers hear of what it changed.
 */

const webhookPath = "/webhooks/payments/test";
const deliveryJob = "test-gateway.webhook";

/** The webhook requests a node's log shows it received. */
function webhookRequestsOn(node: ClusterNode): number {
  return node.logs.filter(
    (record) =>
      record.msg === "incoming request" && (record.req as { url?: string } | undefined)?.url === webhookPath,
  ).length;
}

/** The webhook delivery jobs' states, oldest first. */
const deliveryJobStates = (cluster: Cluster) => jobStates(cluster, deliveryJob);

describe("an `all` node (A) and an `api` node (B)", () => {
  const cluster = useCluster({
    nodes: [
      { name: "node-a", role: "all" },
      { name: "node-b", role: "api" },
    ],
  });
  const socket = useSockets({
    get baseUrl() {
      return cluster.node("node-b").baseUrl;
    },
  });

  async function statusesUntil(
    feed: Feed<OrderUpdatedSubscription>,
    last: string,
  ): Promise<OrderUpdatedSubscription["orderUpdated"][]> {
    const seen: OrderUpdatedSubscription["orderUpdated"][] = [];
    do
      seen.push((await withDeadline(feed.nextData(), 20_000, `orderUpdated ${last} on node-b`)).orderUpdated);
    while (seen.at(-1)!.status !== last);
    return seen;
  }

  test(
    "a subscriber on B hears PAID when A's gateway webhook, delivered to and handled by A, pays an order placed through A",
    showingLogs(cluster, async () => {
      const [a, b] = [cluster.node("node-a"), cluster.node("node-b")];
      const product = await seedProduct(cluster);
      const order = await placeOrder(a, undefined, [[product.variants[0]!, 1]]);
      const feed = await socket().subscribe(OrderUpdatedDocument, { orderId: order.id });
      expect(
        (await withDeadline(feed.nextData(), 10_000, "the order's state on node-b")).orderUpdated,
      ).toMatchObject({
        id: order.id,
        status: "PENDING_PAYMENT",
      });

      await payOrderOk(a, undefined, payInput(order.id));
      const updates = await statusesUntil(feed, "PAID");
      expect(
        updates.map((update) => [update.status, update.payments.map((payment) => payment.status)]),
      ).toEqual([
        ["PENDING_PAYMENT", ["PENDING"]],
        ["PAID", ["SUCCEEDED"]],
      ]);

      // A ran the delivery job (B runs none) and received the webhook at its own URL. (The
      // job is marked completed once A's answer is back: possibly after the subscriber heard.)
      await waitFor(
        () => deliveryJobStates(cluster),
        (states) => states.join() === "completed",
        10_000,
      );
      expect(await jobOutcomes(a, deliveryJob)).toBe(1);
      expect(await jobOutcomes(b, deliveryJob)).toBe(0);
      expect([webhookRequestsOn(a), webhookRequestsOn(b)]).toEqual([1, 0]);
      expect(await cluster.db.prisma.webhookEvent.count()).toBe(1);
    }),
  );
});

describe("an `api` node and a worker killed with SIGKILL mid-delivery", () => {
  // The nodes start in the test, once the sink knows where it is: the api node's gateway
  // gives the sink as its webhook URL, and the sink relays to the api node.
  const cluster = useCluster({
    nodes: [],
    env: {
      BAZAAR_JOBS_LEASE_SECONDS: "10",
      BAZAAR_JOBS_SUPERVISE_INTERVAL_SECONDS: "1",
      BAZAAR_JOBS_POLL_INTERVAL_MS: "500",
    },
  });
  let sink: WebhookSink | undefined;
  afterAll(async () => {
    await sink?.close();
  });

  test(
    "the replacement worker completes the delivery exactly once, within 30 s of starting: one event applied, the order PAID",
    showingLogs(cluster, async () => {
      let relayTarget = "";
      sink = await startWebhookSink({ holdFirst: 1, relayTo: () => relayTarget });
      const [api, firstWorker] = await Promise.all([
        cluster.addNode({ name: "api-1", role: "api", env: { BAZAAR_PUBLIC_URL: sink.url } }),
        cluster.addNode({ name: "worker-1", role: "worker" }),
      ]);
      relayTarget = api.baseUrl;

      const product = await seedProduct(cluster);
      const order = await placeOrder(api, undefined, [[product.variants[0]!, 1]]);
      await payOrderOk(api, undefined, payInput(order.id));
      const [payment] = await paymentRowsOf(cluster, order.id);

      // worker-1 has the delivery in flight: the sink holds its request open.
      await waitFor(
        async () => sink!.attempts.length,
        (count) => count === 1,
        20_000,
      );
      const event = JSON.parse(sink.attempts[0]!.body) as EventData;
      expect(event).toMatchObject({ type: "payment.succeeded", providerRef: payment!.providerRef });
      expect(await deliveryJobStates(cluster)).toEqual(["active"]);
      expect(await firstWorker.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });

      const secondWorker = await cluster.addNode({ name: "worker-2", role: "worker" });
      // Once worker-1's lease lapses, worker-2 retries the job; the sink relays it to api-1.
      await waitFor(
        () => deliveryJobStates(cluster),
        (states) => states[0] === "completed",
        30_000,
      );
      expect(await deliveryJobStates(cluster)).toEqual(["completed"]);
      expect(await jobOutcomes(secondWorker, deliveryJob)).toBe(1);

      const eventIds = sink.attempts.map((attempt) => (JSON.parse(attempt.body) as EventData).id);
      expect(eventIds).toEqual([event.id, event.id]);
      expect(sink.attempts.map((attempt) => attempt.status)).toEqual([0, 200]);
      expect(sink.deliveries).toHaveLength(1);
      expect(webhookRequestsOn(api)).toBe(1);
      expect(await cluster.db.prisma.webhookEvent.findMany({ select: { eventId: true } })).toEqual([
        { eventId: event.id },
      ]);
      expect(await orderStatusOf(cluster, order.id)).toBe("PAID");
      expect((await paymentRowsOf(cluster, order.id)).map((row) => row.status)).toEqual(["SUCCEEDED"]);
    }),
    120_000,
  );
});
