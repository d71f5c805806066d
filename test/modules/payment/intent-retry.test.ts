import { registerOk } from "../../helpers/accounts";
import { keyOf } from "../../helpers/ids";
import { placeOrder } from "../../helpers/orders";
import { payInput, payOrder, waitForOrder } from "../../helpers/payments";
import { seedVariant } from "../../helpers/seed";
import { useTestApp } from "../../helpers/test-app";

/**
 * A payOrder whose gateway call fails on the network (not a refusal): the intent stays
 * PENDING without a gateway id, and a job asks the gateway again with the same idempotency
 * key, so the payment goes through without the customer trying again.
 */

const t = useTestApp({ BAZAAR_TEST_GATEWAY_WEBHOOK_SECRET: "whsec_intent_retry" });

afterEach(() => {
  jest.restoreAllMocks();
});

test("the gateway unreachable once: payOrder fails, a job starts the payment, the order is paid", async () => {
  const customer = await registerOk(t);
  const variant = await seedVariant(t, 1500, 10);
  const order = await placeOrder(t, customer.token, [[variant, 1]]);
  const gateway = t.app.services.webhooks.gateway("test")!;
  // The network, not the gateway, fails the first call (what fetch throws when nothing answers).
  jest.spyOn(gateway, "createPayment").mockRejectedValueOnce(new TypeError("fetch failed"));

  const answer = await payOrder(t, customer.token, payInput(order.id));
  expect(answer.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");

  const paid = await waitForOrder(t, order.id, customer.token, "PAID", "SUCCEEDED");
  expect(paid.payments).toHaveLength(1);
  const rows = await t.db.prisma.payment.findMany({ where: { orderId: keyOf(order.id) } });
  expect(rows.map((row) => row.providerRef)).toEqual([expect.stringMatching(/^pi_test_/)]);
  expect(await t.db.prisma.testGatewayPayment.count({ where: { idempotencyKey: rows[0]!.id } })).toBe(1);
});
