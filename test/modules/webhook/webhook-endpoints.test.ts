import { randomUUID } from "node:crypto";
import { DeleteWebhookEndpointDocument, WebhookEndpointsDocument } from "../../../client";
import { accountWithRoles, registerOk, staffAccount } from "../../helpers/accounts";
import { describeAdminOperations, type CallAs } from "../../helpers/authorization";
import { createProductOk } from "../../helpers/catalog";
import { globalId } from "../../helpers/ids";
import { readNode } from "../../helpers/node";
import { dataOf, expectError } from "../../helpers/results";
import { useStarted, useTestApp } from "../../helpers/test-app";
import { startWebhookReceiver } from "../../helpers/webhook-receiver";
import {
  createWebhookEndpoint,
  deliveriesOf,
  deliveriesQuery,
  redeliver,
  registerReceiver,
  updateWebhookEndpoint,
  waitForDeliveries,
  webhookTestEnv,
} from "../../helpers/webhooks";

/** The webhook API: ADMIN only, every refusal of bad input naming its field, the delivery log's paging. */

const t = useTestApp(webhookTestEnv);
const receiver = useStarted(() => startWebhookReceiver());
const tokens = { admin: "", staff: "", customer: "" };
let endpointId: string;
let deliveryId: string;

beforeAll(async () => {
  tokens.admin = (await accountWithRoles(t, ["ADMIN"])).token;
  tokens.staff = (await staffAccount(t)).token;
  tokens.customer = (await registerOk(t)).token;
  endpointId = await registerReceiver(t, tokens.admin, receiver, ["PRODUCT_CREATED"]);
  for (let n = 0; n < 3; n++) await createProductOk(t, tokens.staff);
  const deliveries = await waitForDeliveries(t, tokens.admin, endpointId, (all) => all.length === 3);
  deliveryId = deliveries[0]!.id;
});

const deleteEndpoint = (token: string | undefined, id: string) =>
  t.graphql(DeleteWebhookEndpointDocument, { id }, { token });

describe("authorization", () => {
  const operations: Record<string, CallAs> = {
    webhookEndpoints: (token) => t.graphql(WebhookEndpointsDocument, {}, { token }),
    createWebhookEndpoint: (token) =>
      createWebhookEndpoint(t, token, { url: receiver.url, events: ["ORDER_PAID"] }),
    updateWebhookEndpoint: (token) =>
      updateWebhookEndpoint(t, token, { id: endpointId, events: ["PRODUCT_CREATED"] }),
    deleteWebhookEndpoint: async (token) => {
      // Each call deletes an endpoint of its own (made as ADMIN), so ADMIN's call has one to delete.
      const { endpoint } = dataOf(
        await createWebhookEndpoint(t, tokens.admin, { url: receiver.url, events: ["ORDER_PAID"] }),
      ).createWebhookEndpoint;
      return deleteEndpoint(token, endpoint.id);
    },
    redeliverWebhook: (token) => redeliver(t, token, deliveryId),
  };
  describeAdminOperations(operations, () => tokens);

  test("an endpoint's deliveries: node(id) shows the endpoint to ADMIN only", async () => {
    for (const token of [undefined, tokens.customer, tokens.staff])
      expect(dataOf(await deliveriesQuery(t, token, { endpointId })).node).toBeNull();
    expect(dataOf(await deliveriesQuery(t, tokens.admin, { endpointId })).node).toMatchObject({
      id: endpointId,
    });
    expect(await readNode(t, deliveryId, tokens.staff)).toBeNull();
    expect(await readNode(t, deliveryId, tokens.admin)).toEqual({ id: deliveryId });
  });
});

describe("createWebhookEndpoint", () => {
  test("answers with the endpoint and its secret, shown only here", async () => {
    const { endpoint, secret } = dataOf(
      await createWebhookEndpoint(t, tokens.admin, {
        url: receiver.url,
        events: ["ORDER_PAID", "ORDER_PAID", "ORDER_REFUNDED"],
      }),
    ).createWebhookEndpoint;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(endpoint).toMatchObject({
      url: receiver.url,
      events: ["ORDER_PAID", "ORDER_REFUNDED"],
      active: true,
      disabledReason: null,
    });
    const listed = dataOf(
      await t.graphql(WebhookEndpointsDocument, {}, { token: tokens.admin }),
    ).webhookEndpoints;
    expect(listed.map((one) => one.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  test.each([
    ["no events", { events: [] }, "events"],
    ["a URL that is not one", { url: "not a url" }, "url"],
    ["an ftp URL", { url: "ftp://example.com/hooks" }, "url"],
    ["a URL of 2,049 characters", { url: `https://example.com/${"a".repeat(2029)}` }, "url"],
  ])("%s: BAD_USER_INPUT naming the field", async (_what, change, field) => {
    const response = await createWebhookEndpoint(t, tokens.admin, {
      url: receiver.url,
      events: ["ORDER_PAID"],
      ...change,
    });
    expectError(response, "BAD_USER_INPUT", field);
  });
});

describe("updateWebhookEndpoint", () => {
  test("changes what it is given and leaves the rest", async () => {
    const { endpoint } = dataOf(
      await createWebhookEndpoint(t, tokens.admin, { url: receiver.url, events: ["ORDER_PAID"] }),
    ).createWebhookEndpoint;
    const updated = dataOf(
      await updateWebhookEndpoint(t, tokens.admin, {
        id: endpoint.id,
        url: `${receiver.url}/v2`,
        active: false,
      }),
    ).updateWebhookEndpoint;
    expect(updated).toMatchObject({ url: `${receiver.url}/v2`, events: ["ORDER_PAID"], active: false });
  });

  test.each([
    ["a malformed id", { id: "nope" }, "BAD_USER_INPUT", "id"],
    ["another type's id", { id: globalId("Order", randomUUID()) }, "BAD_USER_INPUT", "id"],
    ["an unknown endpoint", { id: globalId("WebhookEndpoint", randomUUID()) }, "NOT_FOUND", undefined],
    ["no events", { events: [] }, "BAD_USER_INPUT", "events"],
    ["a URL that is not one", { url: "http//oops" }, "BAD_USER_INPUT", "url"],
  ])("%s: %s", async (_what, change, code, field) => {
    expectError(await updateWebhookEndpoint(t, tokens.admin, { id: endpointId, ...change }), code, field);
  });
});

describe("deleteWebhookEndpoint", () => {
  test("deletes it with its delivery log; a second time NOT_FOUND", async () => {
    const gone = await registerReceiver(t, tokens.admin, receiver, ["PRODUCT_CREATED"]);
    await createProductOk(t, tokens.staff);
    await waitForDeliveries(t, tokens.admin, gone, (all) => all.length === 1);
    expect(dataOf(await deleteEndpoint(tokens.admin, gone)).deleteWebhookEndpoint).toBe(true);
    expectError(await deleteEndpoint(tokens.admin, gone), "NOT_FOUND");
    expect(dataOf(await deliveriesQuery(t, tokens.admin, { endpointId: gone })).node).toBeNull();
  });

  test("a malformed id: BAD_USER_INPUT naming id", async () => {
    expectError(await deleteEndpoint(tokens.admin, "nope"), "BAD_USER_INPUT", "id");
  });
});

describe("redeliverWebhook", () => {
  test.each([
    ["a malformed id", "nope", "BAD_USER_INPUT", "deliveryId"],
    ["an unknown delivery", globalId("WebhookDelivery", randomUUID()), "NOT_FOUND", undefined],
  ])("%s: %s", async (_what, id, code, field) => {
    expectError(await redeliver(t, tokens.admin, id), code, field);
  });
});

describe("deliveries", () => {
  test("newest first, keyset-paged, filtered by status, counted", async () => {
    const all = await deliveriesOf(t, tokens.admin, endpointId);
    const pages: string[] = [];
    let after: string | null | undefined;
    do {
      const node = dataOf(await deliveriesQuery(t, tokens.admin, { endpointId, first: 2, after })).node;
      if (!node || !("deliveries" in node)) throw new Error("no endpoint");
      pages.push(...node.deliveries.edges.map((edge) => edge.node.id));
      expect(node.deliveries.totalCount).toBe(all.length);
      after = node.deliveries.pageInfo.hasNextPage ? node.deliveries.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual(all.map((delivery) => delivery.id));
    expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((d) => d.id)).toEqual(pages);

    await waitForDeliveries(t, tokens.admin, endpointId, (deliveries) =>
      deliveries.every((delivery) => delivery.status === "SUCCEEDED"),
    );
    const failedOnly = dataOf(await deliveriesQuery(t, tokens.admin, { endpointId, status: "FAILED" })).node;
    expect(failedOnly && "deliveries" in failedOnly && failedOnly.deliveries.totalCount).toBe(0);
  });

  test.each([
    ["first: 0", { first: 0 }, "first"],
    ["first: 101", { first: 101 }, "first"],
    ["a forged cursor", { after: "forged.cursor" }, "after"],
  ])("%s: BAD_USER_INPUT naming %s", async (_what, variables, field) => {
    expectError(
      await deliveriesQuery(t, tokens.admin, { endpointId, ...variables }),
      "BAD_USER_INPUT",
      field,
    );
  });
});
