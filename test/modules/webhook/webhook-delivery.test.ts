import { RequestContext } from "../../../src/common/request-context";
import { accountWithRoles, staffAccount, type Account } from "../../helpers/accounts";
import { createProductOk } from "../../helpers/catalog";
import { keyOf } from "../../helpers/ids";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";
import { startWebhookReceiver, type Answer, type WebhookReceiver } from "../../helpers/webhook-receiver";
import {
  deliveriesOf,
  redeliver,
  registerReceiver,
  updateWebhookEndpoint,
  waitForDeliveries,
  webhookTestEnv,
} from "../../helpers/webhooks";

/**
 * How deliveries are attempted: retried until a 2xx or the last attempt (3 here), with the
 * same event id every time; FAILED after the last; the endpoint turned off after 2 FAILED
 * deliveries in a row; redelivery; never two attempts of one delivery at once; redirects
 * not followed. Receivers run on 127.0.0.1 (allowed for these tests).
 */

const t = useTestApp(webhookTestEnv);
let admin: Account;
let staff: Account;
const receivers: WebhookReceiver[] = [];

beforeAll(async () => {
  [admin, staff] = [await accountWithRoles(t, ["ADMIN"]), await staffAccount(t)];
});
afterAll(async () => {
  await Promise.all(receivers.map((receiver) => receiver.close()));
});

/** A receiver answering as `respond` says, registered for PRODUCT_CREATED only. */
async function endpointAnswering(respond: (n: number, path: string) => Answer) {
  const receiver = await startWebhookReceiver(respond);
  receivers.push(receiver);
  const endpointId = await registerReceiver(t, admin.token, receiver, ["PRODUCT_CREATED"]);
  return { receiver, endpointId };
}

/** Each created product is one PRODUCT_CREATED event. */
const productCreated = () => createProductOk(t, staff.token);

const settled = (status: string) => (deliveries: { status: string }[]) =>
  deliveries.length > 0 && deliveries.every((delivery) => delivery.status === status);

test("500, then 200: two attempts with the same event id, both signed; SUCCEEDED", async () => {
  const { receiver, endpointId } = await endpointAnswering((n) => ({ status: n === 1 ? 500 : 200 }));
  await productCreated();
  const [delivery] = await waitForDeliveries(t, admin.token, endpointId, settled("SUCCEEDED"));
  expect(delivery).toMatchObject({
    eventType: "PRODUCT_CREATED",
    attempts: 2,
    responseStatus: 200,
    lastError: null,
    nextAttemptAt: null,
    deliveredAt: expect.any(String),
  });
  expect(
    receiver.requests.map((request) => [request.event.id, request.status, request.signatureValid]),
  ).toEqual([
    [delivery!.eventId, 500, true],
    [delivery!.eventId, 200, true],
  ]);
});

test("always 500: FAILED after the last attempt; the second FAILED delivery in a row turns the endpoint off", async () => {
  const { receiver, endpointId } = await endpointAnswering(() => ({ status: 500 }));
  await productCreated();
  const [first] = await waitForDeliveries(t, admin.token, endpointId, settled("FAILED"));
  expect(first).toMatchObject({ attempts: 3, responseStatus: 500, nextAttemptAt: null, deliveredAt: null });
  expect(first!.lastError).toMatch(/^HTTP 500/);
  expect(receiver.requests.map((request) => request.event.id)).toEqual([
    first!.eventId,
    first!.eventId,
    first!.eventId,
  ]);
  const endpoint = () => t.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: keyOf(endpointId) } });
  expect(await endpoint()).toMatchObject({ active: true, disabledReason: null, consecutiveFailures: 1 });

  await productCreated();
  await waitForDeliveries(
    t,
    admin.token,
    endpointId,
    (deliveries) => settled("FAILED")(deliveries) && deliveries.length === 2,
  );
  expect(await endpoint()).toMatchObject({
    active: false,
    disabledReason: "Turned off after 2 failed deliveries in a row.",
  });
  expect(
    t.logs.filter((line) => line.msg === "webhook endpoint turned off after repeated failures"),
  ).toHaveLength(1);
  // Bazaar itself turned it off: one audit entry with neither a user nor a client, in the same transaction.
  const disabled = await t.db.prisma.auditEntry.findMany({
    where: { action: "webhook_endpoint.disable", subjectKey: keyOf(endpointId) },
  });
  expect(disabled).toEqual([
    expect.objectContaining({
      subjectType: "WebhookEndpoint",
      actorId: null,
      apiClientId: null,
      changes: {
        active: { from: true, to: false },
        disabledReason: { from: null, to: "Turned off after 2 failed deliveries in a row." },
      },
    }),
  ]);

  // Turned off, it gets nothing more; redelivering to it is refused until it is on again.
  await productCreated();
  expect(await deliveriesOf(t, admin.token, endpointId)).toHaveLength(2);
  expectError(await redeliver(t, admin.token, first!.id), "CONFLICT", "deliveryId");
});

test("redelivery after turning the endpoint on: a new delivery of the same event id, SUCCEEDED", async () => {
  let failing = true;
  const { receiver, endpointId } = await endpointAnswering(() => ({ status: failing ? 503 : 204 }));
  await productCreated();
  const [failed] = await waitForDeliveries(t, admin.token, endpointId, settled("FAILED"));
  failing = false;
  const turnedOn = dataOf(await updateWebhookEndpoint(t, admin.token, { id: endpointId, active: true }));
  expect(turnedOn.updateWebhookEndpoint).toMatchObject({ active: true, disabledReason: null });

  const again = dataOf(await redeliver(t, admin.token, failed!.id)).redeliverWebhook;
  expect(again).toMatchObject({ eventId: failed!.eventId, status: "PENDING", attempts: 0 });
  expect(again.id).not.toBe(failed!.id);
  const deliveries = await waitForDeliveries(
    t,
    admin.token,
    endpointId,
    (all) => all[0]?.status === "SUCCEEDED",
  );
  expect(deliveries.map((delivery) => [delivery.id, delivery.status, delivery.eventId])).toEqual([
    [again.id, "SUCCEEDED", failed!.eventId],
    [failed!.id, "FAILED", failed!.eventId],
  ]);
  expect(receiver.requests.at(-1)).toMatchObject({ status: 204, signatureValid: true });
  expect(new Set(receiver.requests.map((request) => request.event.id))).toEqual(new Set([failed!.eventId]));
});

test("workers racing for one delivery: exactly one claims and sends it, the others take nothing", async () => {
  const { receiver, endpointId } = await endpointAnswering(() => ({ status: 200, delayMs: 300 }));
  await productCreated();
  // Five more workers polling at once, besides the node's own.
  const { webhookDeliveries } = t.app.services;
  await Promise.all(
    Array.from({ length: 5 }, () => webhookDeliveries.attemptDue(RequestContext.system("test"), 10)),
  );
  await waitForDeliveries(t, admin.token, endpointId, settled("SUCCEEDED"));
  expect(receiver.requests).toHaveLength(1);
  expect((await deliveriesOf(t, admin.token, endpointId))[0]!.attempts).toBe(1);
});

test("a worker that died mid-attempt: its delivery is left alone until the lease lapses, then that attempt is made again", async () => {
  const { receiver, endpointId } = await endpointAnswering(() => ({ status: 200 }));
  await productCreated();
  const [first] = await waitForDeliveries(t, admin.token, endpointId, settled("SUCCEEDED"));
  // A second delivery of the event, as a worker leaves it when it dies during attempt 1.
  const [held] = await t.db.prisma.$queryRaw<{ id: string }[]>`
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id, attempts, lease_until)
    VALUES (gen_random_uuid(), ${first!.eventId}::uuid, ${keyOf(endpointId)}::uuid, 1, now() + interval '2 seconds')
    RETURNING id::text`;
  await t.app.services.webhookDeliveries.attemptDue(RequestContext.system("test"), 10);
  expect(receiver.requests).toHaveLength(1);

  const deliveries = await waitForDeliveries(t, admin.token, endpointId, settled("SUCCEEDED"));
  expect(deliveries.find((delivery) => keyOf(delivery.id) === held!.id)).toMatchObject({ attempts: 1 });
  expect(receiver.requests.map((request) => request.event.id)).toEqual([first!.eventId, first!.eventId]);
});

test("a redirect is not followed, even to 127.0.0.1: the attempt fails with the 3xx", async () => {
  const { receiver, endpointId } = await endpointAnswering((_n, path) =>
    path === "/hooks" ? { status: 302, headers: { location: "/elsewhere" } } : { status: 200 },
  );
  await productCreated();
  const [delivery] = await waitForDeliveries(t, admin.token, endpointId, settled("FAILED"));
  expect(delivery).toMatchObject({ attempts: 3, responseStatus: 302 });
  expect(delivery!.lastError).toMatch(/redirect/);
  expect(receiver.requests.map((request) => request.path)).toEqual(["/hooks", "/hooks", "/hooks"]);
});

test("a receiver that refuses the connection: each attempt fails without a status, then FAILED", async () => {
  // Nothing listens at this port any more: connection refused, no HTTP status.
  const closed = await startWebhookReceiver();
  await closed.close();
  const endpointId = await registerReceiver(t, admin.token, closed, ["PRODUCT_CREATED"]);
  await productCreated();
  const [delivery] = await waitForDeliveries(t, admin.token, endpointId, settled("FAILED"));
  expect(delivery).toMatchObject({ attempts: 3, responseStatus: null });
  expect(delivery!.lastError).toMatch(/ECONNREFUSED/);
});
