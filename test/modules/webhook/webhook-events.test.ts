import { RequestContext } from "../../../src/common/request-context";
import { accountWithRoles, registerOk, staffAccount, type Account } from "../../helpers/accounts";
import {
  archiveProduct,
  createProduct,
  createProductOk,
  updateProduct,
  updateVariant,
} from "../../helpers/catalog";
import { checkout, checkoutInput, orderTransition, placeOrder } from "../../helpers/orders";
import { cartWith } from "../../helpers/carts";
import { ageOrder, paidOrder, refundOrder } from "../../helpers/payments";
import { dataOf, expectError } from "../../helpers/results";
import { globalId } from "../../helpers/ids";
import { seedVariant, setVariant, type SeededVariant } from "../../helpers/seed";
import { useStarted, useTestApp } from "../../helpers/test-app";
import { waitFor } from "../../helpers/wait-for";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import {
  eventTypesAbout,
  outboxCounts,
  registerReceiver,
  updateWebhookEndpoint,
  webhookTestEnv,
} from "../../helpers/webhooks";

/**
 * Which changes emit which webhook events: each committed change exactly one event, in its
 * own transaction; a change that rolls back none. Every event reaches the receiver on
 * 127.0.0.1 signed with the endpoint's secret, and says what the contract's wire format says.
 */

const t = useTestApp({ ...webhookTestEnv, BAZAAR_UNPAID_ORDER_TTL_MINUTES: "1" });
const receiver = useStarted(() => startWebhookReceiver());
let admin: Account;
let staff: Account;
let customer: Account;
let variant: SeededVariant;

beforeAll(async () => {
  [admin, staff, customer] = [
    await accountWithRoles(t, ["ADMIN"]),
    await staffAccount(t),
    await registerOk(t),
  ];
  variant = await seedVariant(t, 1500, 100);
  await registerReceiver(t, admin.token, receiver);
});

/** Waits until the receiver has heard every event the outbox holds about `globalId`. */
async function receivedAbout(globalId: string, count: number): Promise<string[]> {
  const about = () =>
    receiver.requests.filter(
      (request) => (request.event.data.order ?? request.event.data.product)?.id === globalId,
    );
  await waitFor(
    async () => about().length,
    (n) => n >= count,
  );
  return about().map((request) => request.event.type);
}

test("checkout emits ORDER_CREATED once, as the contract's wire format, and a replayed checkout none", async () => {
  const cart = await cartWith(t, customer.token, [[variant, 2]]);
  const input = checkoutInput(cart.id);
  const order = dataOf(await checkout(t, customer.token, input)).checkout;
  expect(dataOf(await checkout(t, customer.token, input)).checkout.id).toBe(order.id);

  expect(await eventTypesAbout(t, order.id)).toEqual(["ORDER_CREATED"]);
  expect(await receivedAbout(order.id, 1)).toEqual(["order.created"]);
  const { event, eventIdHeader } = receiver.requests.find(
    (request) => request.event.data.order?.id === order.id,
  )!;
  expect(eventIdHeader).toBe(event.id);
  expect(Object.keys(event)).toEqual(["id", "type", "createdAt", "data"]);
  expect(new Date(event.createdAt).toISOString()).toBe(event.createdAt);
  expect(event.data.order).toMatchObject({
    id: order.id,
    number: order.number,
    status: "PENDING_PAYMENT",
    email: customer.email,
    total: order.total,
    customerId: customer.user.id,
    shippingAddress: expect.objectContaining({ city: input.shippingAddress.city }),
    lines: [expect.objectContaining({ sku: variant.sku, quantity: 2, variantId: variant.id })],
  });
});

test("payment, fulfilment and refund: ORDER_PAID, ORDER_FULFILLED, ORDER_REFUNDED, once each", async () => {
  const fulfilled = await paidOrder(t, customer.token, [[variant, 1]]);
  const refunded = await paidOrder(t, customer.token, [[variant, 1]]);
  dataOf(await orderTransition(t, "fulfillOrder", staff.token, fulfilled.id));
  dataOf(await refundOrder(t, staff.token, refunded.id));
  // Fulfilling again is a CONFLICT: rolled back, it says nothing.
  expectError(await orderTransition(t, "fulfillOrder", staff.token, fulfilled.id), "CONFLICT");

  expect(await eventTypesAbout(t, fulfilled.id)).toEqual(["ORDER_CREATED", "ORDER_PAID", "ORDER_FULFILLED"]);
  expect(await eventTypesAbout(t, refunded.id)).toEqual(["ORDER_CREATED", "ORDER_PAID", "ORDER_REFUNDED"]);
  expect((await receivedAbout(refunded.id, 3)).sort()).toEqual([
    "order.created",
    "order.paid",
    "order.refunded",
  ]);
  const paid = receiver.eventsOfType("order.paid").find((event) => event.data.order?.id === refunded.id);
  expect(paid?.data.order?.status).toBe("PAID");
});

test("cancellation by the customer, by staff and by the sweeper: ORDER_CANCELLED once each", async () => {
  const byCustomer = await placeOrder(t, customer.token, [[variant, 1]]);
  const byStaff = await placeOrder(t, customer.token, [[variant, 1]]);
  const bySweeper = await placeOrder(t, undefined, [[variant, 1]]);
  dataOf(await orderTransition(t, "cancelOrder", customer.token, byCustomer.id));
  expectError(await orderTransition(t, "cancelOrder", customer.token, byCustomer.id), "CONFLICT");
  dataOf(await orderTransition(t, "cancelOrder", staff.token, byStaff.id));
  await ageOrder(t, bySweeper.id);
  expect(await t.app.services.sweeper.sweep(RequestContext.system("maintenance-sweep"))).toBe(1);

  for (const order of [byCustomer, byStaff, bySweeper])
    expect(await eventTypesAbout(t, order.id)).toEqual(["ORDER_CREATED", "ORDER_CANCELLED"]);
  // Deliveries run side by side: they may arrive in any order.
  expect((await receivedAbout(bySweeper.id, 2)).sort()).toEqual(["order.cancelled", "order.created"]);
});

test("staff catalog writes: PRODUCT_CREATED, PRODUCT_UPDATED (product or variant), PRODUCT_ARCHIVED once", async () => {
  const product = await createProductOk(t, staff.token, { name: "Webhook Lamp" });
  dataOf(await updateProduct(t, staff.token, { id: product.id, description: "Brighter." }));
  dataOf(await updateVariant(t, staff.token, { id: product.variants[0]!.id, price: "17.50" }));
  dataOf(await archiveProduct(t, staff.token, product.id));
  dataOf(await archiveProduct(t, staff.token, product.id));

  expect(await eventTypesAbout(t, product.id)).toEqual([
    "PRODUCT_CREATED",
    "PRODUCT_UPDATED",
    "PRODUCT_UPDATED",
    "PRODUCT_ARCHIVED",
  ]);
  expect(await receivedAbout(product.id, 4)).toEqual(
    expect.arrayContaining(["product.created", "product.updated", "product.archived"]),
  );
  const variantUpdate = receiver.requests
    .map((request) => request.event)
    .filter((event) => event.type === "product.updated" && event.data.product?.id === product.id)
    .find(
      (event) =>
        (event.data.product?.variants as { price: { amount: string } }[])[0]!.price.amount === "17.50",
    );
  expect(variantUpdate?.data.product).toMatchObject({
    name: "Webhook Lamp",
    description: "Brighter.",
    archivedAt: null,
  });
});

test("a change that rolls back writes nothing to the outbox", async () => {
  const before = await outboxCounts(t);
  const scarce = await seedVariant(t, 900, 1);
  const cart = await cartWith(t, undefined, [[scarce, 1]]);
  await setVariant(t, scarce, { quantityAvailable: 0 });
  expectError(
    await checkout(t, undefined, checkoutInput(cart.id, { email: "guest@example.com" })),
    "OUT_OF_STOCK",
  );
  const taken = (await createProductOk(t, staff.token)).variants[0]!.sku;
  const { events: afterCreate } = await outboxCounts(t);
  expectError(
    await createProduct(t, staff.token, {
      variants: [{ sku: taken, name: "Twin", price: "1.00", quantityAvailable: 1 }],
    }),
    "CONFLICT",
  );
  expect((await outboxCounts(t)).events).toBe(afterCreate);
  expect(afterCreate).toBe(before.events + 1);
});

test("no active endpoint subscribed to a change: nothing is written", async () => {
  const { webhookEndpoints } = t.app.services;
  const [endpoint] = await webhookEndpoints.listEndpoints(RequestContext.system("test"));
  const id = globalId("WebhookEndpoint", endpoint!.id);
  dataOf(await updateWebhookEndpoint(t, admin.token, { id, events: ["PRODUCT_ARCHIVED"] }));
  const before = await outboxCounts(t);
  await placeOrder(t, customer.token, [[variant, 1]]);
  dataOf(await updateWebhookEndpoint(t, admin.token, { id, events: ["ORDER_CREATED"], active: false }));
  await placeOrder(t, customer.token, [[variant, 1]]);
  expect(await outboxCounts(t)).toEqual(before);
});

test("every POST the receiver got in this file was signed with the endpoint's secret and named its event", () => {
  expect(receiver.requests.length).toBeGreaterThan(10);
  expect(receiver.requests.filter((request) => !request.signatureValid)).toEqual([]);
  expect(receiver.requests.filter((request) => request.eventIdHeader !== request.event.id)).toEqual([]);
});
