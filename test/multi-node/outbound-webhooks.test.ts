import { accountWithRoles } from "../helpers/accounts";
import { showingLogs, useCluster } from "../helpers/cluster";
import { jobOutcomes } from "../helpers/jobs";
import { placeOrder } from "../helpers/orders";
import { seedProduct } from "../helpers/seed";
import { useStarted } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";
import { startWebhookReceiver } from "../helpers/webhook-receiver";
import { registerReceiver, webhookTestEnv } from "../helpers/webhooks";

/**
 * Outbound webhooks on two `all` nodes and a worker (three processes running jobs) on one
 * PostgreSQL database: orders placed through both nodes, each event's first attempt refused
 * with 500 and its retry taken by whichever process claims it. Every event is delivered
 * once, after exactly one failed attempt, and no two attempts of one delivery overlap.
 */

const deliveryJob = "webhook.delivery";
const orders = 24;

describe("two `all` nodes and a worker", () => {
  const cluster = useCluster({
    nodes: [
      { name: "all-1", role: "all" },
      { name: "all-2", role: "all" },
      { name: "worker-1", role: "worker" },
    ],
    env: { ...webhookTestEnv, BAZAAR_JOBS_POLL_INTERVAL_MS: "500" },
  });
  // First POST of each event: 500; any later one: 200. Each answer takes a moment, so that
  // an attempt made while another is open would show as an overlap.
  const seen = new Set<string>();
  const receiver = useStarted(() =>
    startWebhookReceiver((_n, _path, body) => {
      const id = (JSON.parse(body) as { id: string }).id;
      const first = !seen.has(id);
      seen.add(id);
      return { status: first ? 500 : 200, delayMs: 50 };
    }),
  );

  test(
    "each ORDER_CREATED is delivered exactly once, after one 500, never two attempts at a time",
    showingLogs(cluster, async () => {
      const nodes = [cluster.node("all-1"), cluster.node("all-2")];
      const admin = await accountWithRoles({ graphql: nodes[0]!.graphql, db: cluster.db }, ["ADMIN"]);
      await registerReceiver(nodes[1]!, admin.token, receiver, ["ORDER_CREATED"]);
      const product = await seedProduct(cluster, [{ price: 500, stock: orders }]);
      const placed = await Promise.all(
        Array.from({ length: orders }, (_, i) =>
          placeOrder(nodes[i % 2]!, undefined, [[product.variants[0]!, 1]]),
        ),
      );

      const statuses = await waitFor(
        () => cluster.db.prisma.webhookDelivery.findMany({ select: { status: true, attempts: true } }),
        (rows) => rows.length === orders && rows.every((row) => row.status === "SUCCEEDED"),
        60_000,
      );
      expect(statuses.map((row) => row.attempts)).toEqual(Array(orders).fill(2));

      const byEvent = new Map<string, number[]>();
      for (const request of receiver.requests)
        byEvent.set(request.event.id, [...(byEvent.get(request.event.id) ?? []), request.status]);
      expect(byEvent.size).toBe(orders);
      expect([...byEvent.values()].every((answers) => answers.join() === "500,200")).toBe(true);
      expect(new Set(receiver.requests.map((request) => request.event.data.order?.id))).toEqual(
        new Set(placed.map((order) => order.id)),
      );
      expect(receiver.maxOverlapPerEvent()).toBe(1);
      expect(receiver.requests.every((request) => request.signatureValid)).toBe(true);

      // The attempts were spread over the processes that run jobs (at least one ran some).
      const perNode = await Promise.all(cluster.nodes.map((node) => jobOutcomes(node, deliveryJob)));
      expect(perNode.reduce((sum, count) => sum + count, 0)).toBe(2 * orders);
    }),
    120_000,
  );
});
