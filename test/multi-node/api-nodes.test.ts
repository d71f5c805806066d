import { persistedQueryOf, postRaw, registerUntilServed } from "../client/sdk-helpers";
import { cartWith } from "../helpers/carts";
import { showingLogs, useCluster } from "../helpers/cluster";
import { errorCodes } from "../helpers/graphql-client";
import { checkout, checkoutInput } from "../helpers/orders";
import { payInput, payOrder } from "../helpers/payments";
import { seedProduct, stockOf } from "../helpers/seed";
import { waitFor } from "../helpers/wait-for";
import { costing, graphqlFrom, parsed, type RawAnswer } from "../security/hostile-flows";

/**
 * Two API server processes (`node main.js`, BAZAAR_ROLE=api) on ONE PostgreSQL database and
 * one Redis, as a deployment behind a load balancer runs them: what one process decides,
 * the other must see. Always on a real PostgreSQL server (the run's, else the machine's):
 * processes cannot share the embedded database.
 */

describe("two api nodes sharing the database and Redis", () => {
  // The api nodes come first (`cluster.nodes[0]`, `[1]`); the worker runs the jobs they
  // enqueue: the gateway's webhook deliveries.
  const cluster = useCluster({
    nodes: [
      { name: "api-1", role: "api" },
      { name: "api-2", role: "api" },
      { name: "worker-1", role: "worker" },
    ],
  });

  test(
    "30 checkouts and payments racing for 7 units, 15 through each node: 7 orders, all paid; 23 OUT_OF_STOCK; stock 0",
    showingLogs(cluster, async () => {
      const product = await seedProduct(cluster, [{ price: 1500, stock: 7 }]);
      const variant = product.variants[0]!;
      // The carts are filled first, so that the race is only checkouts and payments.
      const racers = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const node = cluster.nodes[i % 2]!;
          return { node, cart: await cartWith(node, undefined, [[variant, 1]]) };
        }),
      );
      const outcomes = await Promise.all(
        racers.map(async ({ node, cart }) => {
          const placed = await checkout(
            node,
            undefined,
            checkoutInput(cart.id, { email: "racer@example.com" }),
          );
          const orderId = placed.data?.checkout.id;
          const paid = orderId ? await payOrder(node, undefined, payInput(orderId)) : undefined;
          return { placed, paid };
        }),
      );

      const codes = outcomes.map(({ placed }) => errorCodes(placed)[0] ?? "OK");
      expect(codes.filter((code) => code === "OK")).toHaveLength(7);
      expect(codes.filter((code) => code === "OUT_OF_STOCK")).toHaveLength(23);
      for (const { placed } of outcomes.filter((outcome) => outcome.placed.errors))
        expect(placed.errors?.[0]?.extensions?.variantIds).toEqual([variant.id]);
      const payments = outcomes.flatMap(({ paid }) => (paid ? [paid] : []));
      expect(payments.map((paid) => paid.errors)).toEqual(Array(7).fill(undefined));

      // Each node's test gateway has the worker call that node's webhook; every order ends up paid.
      const prisma = cluster.db.prisma;
      await waitFor(
        () => prisma.order.count({ where: { status: "PAID" } }),
        (count) => count === 7,
        15_000,
      );
      expect(await prisma.order.count()).toBe(7);
      expect(await prisma.payment.count({ where: { status: "SUCCEEDED" } })).toBe(7);
      expect(await stockOf(cluster, variant)).toBe(0);
      const sold = await prisma.orderLine.aggregate({
        where: { variantId: variant.key },
        _sum: { quantity: true },
        _count: true,
      });
      expect(sold).toMatchObject({ _count: 7, _sum: { quantity: 7 } });
    }),
  );

  test(
    "a persisted query's hash registered on one node is served by the other",
    showingLogs(cluster, async () => {
      const [first, second] = cluster.nodes;
      const query = `query ClusterApqProbe { categories { id } } # ${cluster.redisKeyPrefix}`;
      const unknown = await postRaw(second!.baseUrl, {
        extensions: { persistedQuery: persistedQueryOf(query) },
      });
      expect(errorCodes(unknown)).toEqual(["PERSISTED_QUERY_NOT_FOUND"]);
      expect(await registerUntilServed(first!.baseUrl, second!.baseUrl, query)).toEqual({
        status: 200,
        data: { categories: [] },
      });
    }),
  );

  test(
    "a node killed with SIGKILL comes back on the same URL; SIGTERM stops it cleanly; the other serves throughout",
    showingLogs(cluster, async () => {
      const [steady, victim] = cluster.nodes;
      const alive = async (url: string) => (await fetch(`${url}/readyz`)).ok;
      expect(await victim!.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
      expect(victim!.running).toBe(false);
      await expect(fetch(`${victim!.baseUrl}/readyz`)).rejects.toThrow();
      expect(await alive(steady!.baseUrl)).toBe(true);

      await victim!.start();
      expect(await alive(victim!.baseUrl)).toBe(true);
      expect(await victim!.kill("SIGTERM")).toEqual({ code: 0, signal: null });
      expect(victim!.logs.map((record) => record.msg)).toContain("stopped");
    }),
  );
});

describe("two api nodes sharing a small query-cost budget in Redis", () => {
  // 50 points per client, 1 back per second (a window of 50 s in Redis), 40 at most per query.
  const cluster = useCluster({
    env: { BAZAAR_COST_BUDGET: "50", BAZAAR_COST_RESTORE_RATE: "1", BAZAAR_MAX_QUERY_COST: "40" },
  });
  const costOf = (answer: RawAnswer) => parsed(answer).extensions?.cost;

  test(
    "a budget drained through one node is empty on the other; another client still has all of its own",
    showingLogs(cluster, async () => {
      const [first, second] = cluster.nodes;
      const client = "127.0.0.41";
      expect(costOf(await graphqlFrom(first!, client, costing(30)))).toMatchObject({ remaining: 20 });
      expect(costOf(await graphqlFrom(first!, client, costing(18)))).toMatchObject({ remaining: 2 });

      const refused = await graphqlFrom(second!, client, costing(3));
      expect(refused.status).toBe(429);
      expect(parsed(refused).errors?.map((error) => error.extensions?.code)).toEqual(["RATE_LIMITED"]);
      expect(costOf(refused)).toEqual({ requested: 3, remaining: 2, capacity: 50, restoreRate: 1 });

      expect(costOf(await graphqlFrom(second!, "127.0.0.42", costing(3)))).toMatchObject({ remaining: 47 });
    }),
  );
});
