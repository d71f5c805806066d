import { RequestContext } from "../../../src/common/request-context";
import { accountWithRoles } from "../../helpers/accounts";
import { cartWith } from "../../helpers/carts";
import { checkout, guestCheckoutTo } from "../../helpers/orders";
import {
  applyDiscountCodeOk,
  checkoutQuote,
  createDiscountCodeOk,
  germanTaxClasses,
  shippingMethodOf,
} from "../../helpers/pricing";
import { seedVariant } from "../../helpers/seed";
import { measured } from "../../helpers/sql-budget";
import { useStarted, useTestApp } from "../../helpers/test-app";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import { outboxCounts, registerReceiver, webhookTestEnv } from "../../helpers/webhooks";

/**
 * SQL statements per request for checkoutQuote and checkout do not grow with the cart: at 1,
 * 10 and 50 lines, in both tax classes and none, with a code and a chosen method, the same
 * count. With a webhook endpoint subscribed to ORDER_CREATED, checkout costs no statement
 * more, and the deliveries cost two statements per batch. Anonymous requests (no session
 * lookup); an `api` node, so that no background work (the sweeper, delivering webhooks) runs
 * in the middle of a measurement.
 */

const t = useTestApp({ ...webhookTestEnv, BAZAAR_ROLE: "api" });
const receiver = useStarted(() => startWebhookReceiver());
const sizes = [1, 10, 50];
/**
 * What they cost when this was written, on both databases. The quote: the cart with its code
 * and lines (Prisma: cart, code, lines, variants, products), the zone's methods with the tax
 * rates (one statement). Checkout: BEGIN, the idempotency key (claimed with its answer), the
 * cart's lock, its lines (one join), the code's lock, the zone's methods with the taxes, the
 * stock (locked and taken in one statement), the products' aggregates, the order with its
 * lines (the cart emptied, the answer with its variants and products returned: one
 * statement), the code's use and count (one statement), the ORDER_CREATED event (one
 * statement whether or not an endpoint subscribes), COMMIT. The answer reads nothing more.
 */
const budget = { quote: 6, checkout: 12 };

test(`checkoutQuote and checkout cost the same statements at ${sizes.join(", ")} cart lines`, async () => {
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const { standard, reduced } = await germanTaxClasses(t, admin);
  const express = await shippingMethodOf(t, "DE", "Express");
  const classes = [null, standard.id, reduced.id];
  const counts = [];
  for (const size of sizes) {
    const lines: [{ id: string }, number][] = [];
    for (let i = 0; i < size; i += 1)
      lines.push([await seedVariant(t, 100 + i, 10, classes[i % 3]), 1 + (i % 2)]);
    const cart = await cartWith(t, undefined, lines);
    const code = await createDiscountCodeOk(t, admin, { type: "PERCENTAGE", value: "15" });
    await applyDiscountCodeOk(t, undefined, cart.id, code.code);
    const destination = { country: "DE", region: "Berlin" };
    const quote = await measured(t, () =>
      checkoutQuote(t, undefined, { cartId: cart.id, ...destination, shippingMethodId: express.id }),
    );
    const order = await measured(t, () =>
      checkout(t, undefined, guestCheckoutTo(cart.id, destination, { shippingMethodId: express.id })),
    );
    expect(order.data.checkout.lines).toHaveLength(size);
    expect(order.data.checkout.total).toEqual(quote.data.checkoutQuote.total);
    counts.push({ size, quote: quote.statements, checkout: order.statements });
  }
  const [first] = counts;
  expect(counts).toEqual(sizes.map((size) => ({ size, quote: first!.quote, checkout: first!.checkout })));
  expect(first!.quote).toBeLessThanOrEqual(budget.quote);
  expect(first!.checkout).toBeLessThanOrEqual(budget.checkout);
});

test("with an endpoint subscribed to ORDER_CREATED, checkout costs the same statements; two per batch deliver them", async () => {
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const destination = { country: "DE", region: "Berlin" };
  const checkoutOfOneLine = async () => {
    const cart = await cartWith(t, undefined, [[await seedVariant(t, 700, 10), 1]]);
    return measured(t, () => checkout(t, undefined, guestCheckoutTo(cart.id, destination)));
  };
  const without = await checkoutOfOneLine();
  expect(await outboxCounts(t)).toEqual({ events: 0, deliveries: 0 });

  await registerReceiver(t, admin, receiver, ["ORDER_CREATED"]);
  const subscribed = [await checkoutOfOneLine(), await checkoutOfOneLine(), await checkoutOfOneLine()];
  expect(subscribed.map((order) => order.statements)).toEqual([1, 2, 3].map(() => without.statements));
  expect(await outboxCounts(t)).toEqual({ events: 3, deliveries: 3 });

  // An api node runs no jobs: its deliveries wait for a worker. One worker's batch: the claim
  // of all three (with their events and endpoint), then their outcomes, whatever the count.
  const { webhookDeliveries } = t.app.services;
  const before = t.db.statements.count;
  expect(await webhookDeliveries.attemptDue(RequestContext.system("test"), 10)).toHaveLength(3);
  expect(t.db.statements.count - before).toBe(2);
  expect(new Set(receiver.requests.map((request) => request.event.data.order?.id))).toEqual(
    new Set(subscribed.map((order) => order.data.checkout.id)),
  );
  const statuses = await t.db.prisma.webhookDelivery.findMany({ select: { status: true, attempts: true } });
  expect(statuses).toEqual([1, 2, 3].map(() => ({ status: "SUCCEEDED", attempts: 1 })));
});
