import { showingLogs, useCluster, type Cluster } from "../helpers/cluster";
import { placeOrder } from "../helpers/orders";
import { ageOrder, orderStatusOf } from "../helpers/payments";
import { seedProduct, stockOf } from "../helpers/seed";
import { waitFor } from "../helpers/wait-for";

/**
 * The maintenance sweep (a recurring job) on two server processes that both run jobs, on one
 * PostgreSQL database: it runs once per interval across both, not once per node, and an
 * order both could see as stale is cancelled, and its stock returned, once.
 */

const sweepJob = "maintenance-sweep";

/**
 * Sweep runs started since `since` (by the database's clock), the seconds since then, and
 * the shortest time in milliseconds between two of those runs' starts.
 */
async function sweepRunsSince(
  cluster: Cluster,
  since: Date,
): Promise<{ runs: number; elapsedSeconds: number; shortestGapMs: number | null }> {
  const [row] = await cluster.db.prisma.$queryRawUnsafe<
    { runs: number; elapsed_seconds: number; shortest_gap_ms: number | null }[]
  >(
    `SELECT count(*)::int AS runs,
            extract(epoch FROM now() - $2::timestamptz)::float8 AS elapsed_seconds,
            (min(gap) * 1000)::float8 AS shortest_gap_ms
     FROM (SELECT extract(epoch FROM started_on - lag(started_on) OVER (ORDER BY started_on)) AS gap
           FROM pgboss.job WHERE name = $1 AND started_on >= $2::timestamptz) AS runs`,
    sweepJob,
    since,
  );
  return { runs: row!.runs, elapsedSeconds: row!.elapsed_seconds, shortestGapMs: row!.shortest_gap_ms };
}

async function databaseNow(cluster: Cluster): Promise<Date> {
  const [row] = await cluster.db.prisma.$queryRawUnsafe<{ now: Date }[]>("SELECT now() AS now");
  return row!.now;
}

describe("two `all` nodes sweeping every second", () => {
  const cluster = useCluster({
    nodes: [
      { name: "all-1", role: "all" },
      { name: "all-2", role: "all" },
    ],
    env: {
      BAZAAR_SWEEP_INTERVAL_SECONDS: "1",
      BAZAAR_UNPAID_ORDER_TTL_MINUTES: "1",
      BAZAAR_JOBS_POLL_INTERVAL_MS: "500",
    },
  });

  test(
    "stale unpaid orders are cancelled and their stock returned once each; the sweep runs at most once per interval across both nodes",
    showingLogs(cluster, async () => {
      const [first, second] = cluster.nodes;
      const product = await seedProduct(cluster, [{ price: 900, stock: 20 }]);
      const variant = product.variants[0]!;
      const stale = await Promise.all(
        [2, 3, 4].map((quantity, i) => placeOrder(cluster.nodes[i % 2]!, undefined, [[variant, quantity]])),
      );
      const fresh = await placeOrder(first!, undefined, [[variant, 1]]);
      expect(await stockOf(cluster, variant)).toBe(10);

      await Promise.all(stale.map((order) => ageOrder(cluster, order.id)));
      await waitFor(
        () => Promise.all(stale.map((order) => orderStatusOf(cluster, order.id))),
        (statuses) => statuses.every((status) => status === "CANCELLED"),
        20_000,
      );
      expect(await stockOf(cluster, variant)).toBe(19);
      expect(await orderStatusOf(cluster, fresh.id)).toBe("PENDING_PAYMENT");

      // Each run queues the next one an interval after it ends and at most one waits at a
      // time, whichever node takes it: counted over several intervals, at most one per second
      // elapsed (plus the one starting as the count begins), never two within one interval.
      const since = await databaseNow(cluster);
      const { runs, elapsedSeconds, shortestGapMs } = await waitFor(
        () => sweepRunsSince(cluster, since),
        (counted) => counted.runs >= 6,
        30_000,
      );
      expect(runs).toBeLessThanOrEqual(Math.floor(elapsedSeconds) + 1);
      expect(shortestGapMs).toBeGreaterThanOrEqual(1000);
      // Later sweeps found nothing more to cancel or return; each cancellation was made by
      // one sweep on one node (their log lines are long written by now).
      expect(await stockOf(cluster, variant)).toBe(19);
      const cancelledBySweeps = [first!, second!]
        .flatMap((node) => node.logs)
        .filter((record) => record.msg === "maintenance sweep")
        .reduce((sum, record) => sum + Number(record.cancelledUnpaidOrders), 0);
      expect(cancelledBySweeps).toBe(3);
    }),
    60_000,
  );
});
