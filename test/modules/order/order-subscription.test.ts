import { OrderUpdatedDocument, type OrderUpdatedSubscription } from "../../../client";
import { RequestContext } from "../../../src/common/request-context";
import { logout, registerOk, staffAccount } from "../../helpers/accounts";
import { globalId, keyOf } from "../../helpers/ids";
import { orderTransition, placeOrder } from "../../helpers/orders";
import { payInput, payOrderOk } from "../../helpers/payments";
import { dataOf } from "../../helpers/results";
import { seedProduct } from "../../helpers/seed";
import { resultsSince, subscriptionResults } from "../../helpers/subscription-metrics";
import { useSockets, type Feed } from "../../helpers/subscriptions";
import { useTestApp } from "../../helpers/test-app";

/** `orderUpdated` over graphql-ws: current state first, then each committed change, to those who may see it. */

const t = useTestApp();
const socket = useSockets(t);

async function statusesUntil(
  feed: Feed<OrderUpdatedSubscription>,
  last: string,
): Promise<OrderUpdatedSubscription["orderUpdated"][]> {
  const seen: OrderUpdatedSubscription["orderUpdated"][] = [];
  do seen.push((await feed.nextData()).orderUpdated);
  while (seen.at(-1)!.status !== last);
  return seen;
}

test("the customer gets the order as it is, then the payment, then PAID after the gateway's webhook", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t);
  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 1]]);
  const feed = await socket({ token: customer.token }).subscribe(OrderUpdatedDocument, { orderId: order.id });

  const first = (await feed.nextData()).orderUpdated;
  expect([first.id, first.status, first.payments]).toEqual([order.id, "PENDING_PAYMENT", []]);

  await payOrderOk(t, customer.token, payInput(order.id));
  const updates = await statusesUntil(feed, "PAID");
  expect(updates.map((update) => [update.status, update.payments.map((payment) => payment.status)])).toEqual([
    ["PENDING_PAYMENT", ["PENDING"]],
    ["PAID", ["SUCCEEDED"]],
  ]);
});

test("a change that rolls back publishes nothing; the next committed one (by a system job) arrives next", async () => {
  const product = await seedProduct(t);
  const order = await placeOrder(t, undefined, [[product.variants[0]!, 1]]);
  const feed = await socket().subscribe(OrderUpdatedDocument, { orderId: order.id });
  expect((await feed.nextData()).orderUpdated.status).toBe("PENDING_PAYMENT");

  const { services } = t.app;
  const system = RequestContext.system("subscription-test");
  await expect(
    services.transactions.withTransaction(system, async (ctx) => {
      await services.orders.transition(ctx, keyOf(order.id), "CANCEL");
      throw new Error("rolled back on purpose");
    }),
  ).rejects.toThrow("rolled back on purpose");
  await services.orders.transition(system, keyOf(order.id), "CANCEL");

  expect((await feed.nextData()).orderUpdated.status).toBe("CANCELLED");
  expect(feed.received).toHaveLength(2);
});

test("a guest order: whoever holds its id may follow it, anonymously", async () => {
  const product = await seedProduct(t);
  const order = await placeOrder(t, undefined, [[product.variants[0]!, 1]]);
  const feed = await socket().subscribe(OrderUpdatedDocument, { orderId: order.id });
  expect((await feed.nextData()).orderUpdated).toMatchObject({ id: order.id, email: "guest@example.com" });

  dataOf(await orderTransition(t, "cancelOrder", undefined, order.id));
  expect((await feed.nextData()).orderUpdated.status).toBe("CANCELLED");
});

test("staff may follow any order; another customer, or nobody, gets NOT_FOUND", async () => {
  const [owner, other, staff] = await Promise.all([registerOk(t), registerOk(t), staffAccount(t)]);
  const product = await seedProduct(t);
  const order = await placeOrder(t, owner.token, [[product.variants[0]!, 1]]);

  const forStaff = await socket({ token: staff.token }).subscribe(OrderUpdatedDocument, {
    orderId: order.id,
  });
  expect((await forStaff.nextData()).orderUpdated.id).toBe(order.id);

  for (const token of [other.token, undefined]) {
    const refused = await socket(token ? { token } : {}).subscribe(OrderUpdatedDocument, {
      orderId: order.id,
    });
    expect(await refused.nextErrorCodes()).toEqual(["NOT_FOUND"]);
    expect((await refused.next()).kind).toBe("complete");
  }
});

test("a malformed id is BAD_USER_INPUT naming orderId; an unknown one NOT_FOUND", async () => {
  const malformed = await socket().subscribe(OrderUpdatedDocument, { orderId: "not-an-id" });
  const delivery = await malformed.next();
  expect(delivery.kind === "next" && delivery.result.errors?.[0]?.extensions).toMatchObject({
    code: "BAD_USER_INPUT",
    field: "orderId",
  });
  const unknown = await socket().subscribe(OrderUpdatedDocument, {
    orderId: globalId("Order", "00000000-0000-4000-8000-000000000000"),
  });
  expect(await unknown.nextErrorCodes()).toEqual(["NOT_FOUND"]);
});

test("the token may come in the upgrade request's Authorization header instead of connection_init", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t);
  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 1]]);
  const feed = await socket({ authorizationHeader: `Bearer ${customer.token}` }).subscribe(
    OrderUpdatedDocument,
    { orderId: order.id },
  );
  expect((await feed.nextData()).orderUpdated.id).toBe(order.id);
});

test("a bad token closes the socket with 4403", async () => {
  const refused = socket({ token: "b".repeat(43) });
  expect(await refused.closed).toBe(4403);
});

test("a session revoked after subscribing closes the socket with 4403 at the next event", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t);
  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 1]]);
  const subscriber = socket({ token: customer.token });
  const feed = await subscriber.subscribe(OrderUpdatedDocument, { orderId: order.id });
  expect((await feed.nextData()).orderUpdated.status).toBe("PENDING_PAYMENT");

  dataOf(await logout(t, customer.token));
  await t.app.services.orders.transition(
    RequestContext.system("subscription-test"),
    keyOf(order.id),
    "CANCEL",
  );

  expect(await subscriber.closed).toBe(4403);
  expect(feed.received).toHaveLength(1);
});

test("each subscriber of an order runs its own execution of each event, even the same customer twice", async () => {
  const customer = await registerOk(t);
  const product = await seedProduct(t);
  const order = await placeOrder(t, customer.token, [[product.variants[0]!, 1]]);
  const feeds = [
    await socket({ token: customer.token }).subscribe(OrderUpdatedDocument, { orderId: order.id }),
    await socket({ token: customer.token }).subscribe(OrderUpdatedDocument, { orderId: order.id }),
  ];
  for (const feed of feeds) await feed.nextData();
  const before = await subscriptionResults(t, "orderUpdated");

  dataOf(await orderTransition(t, "cancelOrder", customer.token, order.id));
  for (const feed of feeds) expect((await feed.nextData()).orderUpdated.status).toBe("CANCELLED");
  expect(resultsSince(before, await subscriptionResults(t, "orderUpdated"))).toEqual({
    executed: 2,
    shared: 0,
  });
});
