import { accountWithRoles } from "../helpers/accounts";
import { asClient, createApiClientOk, revokeApiClient } from "../helpers/api-clients";
import { showingLogs, useCluster, type ClusterNode } from "../helpers/cluster";
import { errorCodes, type GraphQLResponse } from "../helpers/graphql-client";
import { dataOf } from "../helpers/results";

/**
 * API clients across two api processes on one database and one Redis: a revocation made
 * through one node is refused by both at once (every request looks its token up: no cache
 * to go stale), and a client's own budget, kept in Redis, is one budget on both.
 */

describe("API clients on two api nodes", () => {
  // The client's own budget: 60 points, 1 back a second (a 60 s window in Redis).
  const cluster = useCluster({
    env: { BAZAAR_CLIENT_COST_BUDGET: "60", BAZAAR_CLIENT_COST_RESTORE_RATE: "1" },
  });
  const query = (points: number) => `{ products(first: ${points / 3}) { edges { node { id } } } }`;
  const asAdmin = async (node: ClusterNode) =>
    (await accountWithRoles({ graphql: node.graphql, db: cluster.db }, ["ADMIN"])).token;

  test(
    "a client revoked through one node is refused by both within a second (401 UNAUTHENTICATED)",
    showingLogs(cluster, async () => {
      const [first, second] = cluster.nodes as [ClusterNode, ClusterNode];
      const admin = await asAdmin(first);
      const { client, token } = await createApiClientOk(first, admin, {
        name: "ERP",
        roles: ["STAFF"],
      });
      const orders = "{ orders(first: 1) { totalCount } }";
      for (const node of [first, second]) dataOf(await node.graphql(orders, {}, asClient(token)));

      dataOf(await revokeApiClient(first, admin, client.id));
      const revokedAt = Date.now();
      /** Asks `node` until it refuses the token: how many requests that took, and how long. */
      const refusal = async (node: ClusterNode): Promise<{ requests: number; withinASecond: boolean }> => {
        let answer: GraphQLResponse<unknown>;
        let requests = 0;
        do {
          answer = await node.graphql(orders, {}, asClient(token));
          requests += 1;
        } while (answer.status !== 401 && Date.now() - revokedAt < 5_000);
        expect([answer.status, errorCodes(answer), answer.data ?? null]).toEqual([
          401,
          ["UNAUTHENTICATED"],
          null,
        ]);
        return { requests, withinASecond: Date.now() - revokedAt < 1_000 };
      };
      // No cache to go stale: the very first request after the revocation's answer is refused, on both.
      expect(await Promise.all([refusal(first), refusal(second)])).toEqual([
        { requests: 1, withinASecond: true },
        { requests: 1, withinASecond: true },
      ]);
    }),
  );

  test(
    "a client's own budget drained through one node is empty on the other; its shoppers' budgets are their own",
    showingLogs(cluster, async () => {
      const [first, second] = cluster.nodes as [ClusterNode, ClusterNode];
      const admin = await asAdmin(second);
      const { token } = await createApiClientOk(second, admin, { name: "Storefront" });
      const spent = await first.graphql(query(45), {}, asClient(token));
      expect(spent.extensions?.cost).toEqual({ requested: 45, remaining: 15, capacity: 60, restoreRate: 1 });

      const refused = await second.graphql(query(45), {}, asClient(token));
      expect([refused.status, errorCodes(refused)]).toEqual([429, ["RATE_LIMITED"]]);
      expect(refused.extensions?.cost).toMatchObject({ remaining: 15, capacity: 60 });

      const shopper = await second.graphql(query(45), {}, asClient(token, { buyerIp: "198.51.100.20" }));
      expect(errorCodes(shopper)).toEqual([]);
      expect(shopper.extensions?.cost).toMatchObject({ capacity: 100_000 });
    }),
  );
});
