import { accountWithRoles, registerOk, staffAccount, type Account } from "../../helpers/accounts";
import { asClient, createApiClientOk, revokeApiClient, seedApiClient } from "../../helpers/api-clients";
import { entriesAbout } from "../../helpers/audit-log";
import {
  archiveProduct,
  createCategoryOk,
  createProductOk,
  updateProduct,
  updateVariant,
} from "../../helpers/catalog";
import { orderTransition, placeOrder } from "../../helpers/orders";
import { paidOrder } from "../../helpers/payments";
import {
  createDiscountCode,
  createDiscountCodeOk,
  createShippingMethodOk,
  createShippingZoneOk,
  createTaxClassOk,
  setTaxRateOk,
  updateDiscountCode,
  updateShippingMethod,
} from "../../helpers/pricing";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";
import { createWebhookEndpoint, updateWebhookEndpoint, webhookTestEnv } from "../../helpers/webhooks";
import { UpdateVariantDocument } from "../../../client";
import { RequestContext } from "../../../src/common/request-context";

/**
 * What the audit log records: one entry per change by staff, an API client or Bazaar itself,
 * written in the change's transaction, with who acted, what changed (from → to, only the
 * fields that changed) and the request id; never a secret; nothing for a customer's own
 * actions, a refused change or an update that changed nothing.
 */

const t = useTestApp(webhookTestEnv);
let admin: Account;
let staff: Account;
let customer: Account;

beforeAll(async () => {
  [admin, staff, customer] = [
    await accountWithRoles(t, ["ADMIN"]),
    await staffAccount(t),
    await registerOk(t),
  ];
});

const about = (subjectId: string) => entriesAbout(t, admin.token, subjectId);
const actions = async (subjectId: string) => (await about(subjectId)).map((entry) => entry.action);

describe("who acted", () => {
  test("STAFF's updateVariant: the staff user, the variant, only the fields that changed, the request's id", async () => {
    const product = await createProductOk(t, staff.token);
    const variant = product.variants[0]!;
    const response = await t.graphql(
      UpdateVariantDocument,
      { input: { id: variant.id, price: "21.00", quantityAvailable: 7, name: variant.name } },
      { token: staff.token, headers: { "x-request-id": "audit-test-update-variant" } },
    );
    dataOf(response);
    expect(await about(variant.id)).toEqual([
      {
        id: expect.any(String),
        action: "variant.update",
        actor: { id: staff.user.id, email: staff.user.email },
        apiClient: null,
        subjectId: variant.id,
        changes: { price: { from: "19.99", to: "21.00" }, quantityAvailable: { from: 5, to: 7 } },
        requestId: "audit-test-update-variant",
        createdAt: expect.any(String),
      },
    ]);
  });

  test("a STAFF API client's updateVariant names the client and no user", async () => {
    const client = await seedApiClient(t, ["STAFF"]);
    const variant = (await createProductOk(t, staff.token)).variants[0]!;
    dataOf(
      await t.graphql(
        UpdateVariantDocument,
        { input: { id: variant.id, price: "9.50" } },
        asClient(client.token),
      ),
    );
    const [entry] = await about(variant.id);
    expect(entry).toMatchObject({
      action: "variant.update",
      actor: null,
      apiClient: { id: client.id, name: "Seeded STAFF" },
      changes: { price: { from: "19.99", to: "9.50" } },
    });
  });

  test("a customer cancelling their own order writes nothing; staff cancelling one writes order.cancel", async () => {
    const variant = (await createProductOk(t, staff.token)).variants[0]!;
    const own = await placeOrder(t, customer.token, [[variant, 1]]);
    dataOf(await orderTransition(t, "cancelOrder", customer.token, own.id));
    expect(await about(own.id)).toEqual([]);

    const other = await placeOrder(t, customer.token, [[variant, 1]]);
    dataOf(await orderTransition(t, "cancelOrder", staff.token, other.id));
    expect(await about(other.id)).toEqual([
      expect.objectContaining({
        action: "order.cancel",
        actor: { id: staff.user.id, email: staff.user.email },
        changes: { status: { from: "PENDING_PAYMENT", to: "CANCELLED" } },
      }),
    ]);
  });
});

describe("every kind of change staff make", () => {
  test("catalog: product create / update / archive, category create", async () => {
    const category = await createCategoryOk(t, staff.token, { name: "Audited shelf" });
    const product = await createProductOk(t, staff.token, { categoryId: category.id });
    dataOf(await updateProduct(t, staff.token, { id: product.id, name: "Renamed shirt" }));
    dataOf(await archiveProduct(t, staff.token, product.id));
    // Archiving again changes nothing, and records nothing.
    dataOf(await archiveProduct(t, staff.token, product.id));

    expect(await actions(category.id)).toEqual(["category.create"]);
    const [archived, updated, created] = await about(product.id);
    expect(created).toMatchObject({
      action: "product.create",
      changes: {
        name: { from: null, to: "Linen Shirt" },
        slug: { from: null, to: product.slug },
        categoryId: { from: null, to: category.id },
        variants: { from: null, to: product.variants.map((variant) => variant.sku) },
      },
    });
    expect(updated).toMatchObject({
      action: "product.update",
      changes: { name: { from: "Linen Shirt", to: "Renamed shirt" } },
    });
    expect(Object.keys(updated!.changes as object)).toEqual(["name"]);
    expect(archived).toMatchObject({ action: "product.archive", changes: { archivedAt: { from: null } } });
  });

  test("orders: fulfil and refund", async () => {
    const variant = (await createProductOk(t, staff.token)).variants[0]!;
    const toFulfil = await paidOrder(t, customer.token, [[variant, 1]]);
    dataOf(await orderTransition(t, "fulfillOrder", staff.token, toFulfil.id));
    const toRefund = await paidOrder(t, customer.token, [[variant, 1]]);
    dataOf(await orderTransition(t, "refundOrder", staff.token, toRefund.id));
    // The payment is the customer's and the gateway's, not the shop's running: no entry for it.
    expect(await about(toFulfil.id)).toEqual([
      expect.objectContaining({
        action: "order.fulfill",
        changes: { status: { from: "PAID", to: "FULFILLED" } },
      }),
    ]);
    expect(await about(toRefund.id)).toEqual([
      expect.objectContaining({
        action: "order.refund",
        changes: { status: { from: "PAID", to: "REFUNDED" } },
      }),
    ]);
  });

  test("discount codes, shipping and taxes", async () => {
    const code = await createDiscountCodeOk(t, staff.token, { value: "15" });
    dataOf(await updateDiscountCode(t, staff.token, { id: code.id, active: false, usageLimit: 3 }));
    const [codeUpdate, codeCreate] = await about(code.id);
    expect(codeCreate).toMatchObject({
      action: "discount_code.create",
      changes: {
        code: { from: null, to: code.code },
        type: { from: null, to: "PERCENTAGE" },
        value: { to: "15.00" },
      },
    });
    expect(codeUpdate).toMatchObject({
      action: "discount_code.update",
      changes: { active: { from: true, to: false }, usageLimit: { from: null, to: 3 } },
    });

    const zone = await createShippingZoneOk(t, staff.token, {
      name: "Audited zone",
      countries: ["nz", "AU"],
    });
    const method = await createShippingMethodOk(t, staff.token, {
      zoneId: zone.id,
      name: "Boat",
      price: "30.00",
    });
    dataOf(await updateShippingMethod(t, staff.token, { id: method.id, price: "32.50", active: false }));
    expect(await about(zone.id)).toEqual([
      expect.objectContaining({
        action: "shipping_zone.create",
        changes: { name: { from: null, to: "Audited zone" }, countries: { from: null, to: ["AU", "NZ"] } },
      }),
    ]);
    expect(await about(method.id)).toEqual([
      expect.objectContaining({
        action: "shipping_method.update",
        changes: { price: { from: "30.00", to: "32.50" }, active: { from: true, to: false } },
      }),
      expect.objectContaining({ action: "shipping_method.create" }),
    ]);

    const taxClass = await createTaxClassOk(t, admin.token, "Audited class");
    await setTaxRateOk(t, admin.token, taxClass, { country: "US", region: "ny", rate: "4" });
    await setTaxRateOk(t, admin.token, taxClass, { country: "US", region: "NY", rate: "4.5" });
    // The same rate again changes nothing, and records nothing.
    await setTaxRateOk(t, admin.token, taxClass, { country: "US", region: "NY", rate: "4.50" });
    expect(await about(taxClass.id)).toEqual([
      expect.objectContaining({
        action: "tax_rate.set",
        changes: { "rates.US-NY": { from: "4.00", to: "4.50" } },
      }),
      expect.objectContaining({
        action: "tax_rate.set",
        changes: { "rates.US-NY": { from: null, to: "4.00" } },
      }),
      expect.objectContaining({
        action: "tax_class.create",
        actor: { id: admin.user.id, email: admin.user.email },
        changes: { name: { from: null, to: "Audited class" }, isDefault: { from: null, to: false } },
      }),
    ]);
  });

  test("webhook endpoints and API clients, never their secret or token", async () => {
    const { endpoint, secret } = dataOf(
      await createWebhookEndpoint(t, admin.token, {
        url: "http://127.0.0.1:9/audited",
        events: ["ORDER_PAID"],
      }),
    ).createWebhookEndpoint;
    dataOf(
      await updateWebhookEndpoint(t, admin.token, {
        id: endpoint.id,
        events: ["ORDER_PAID", "ORDER_REFUNDED"],
      }),
    );
    dataOf(
      await t.graphql(
        "mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }",
        { id: endpoint.id },
        { token: admin.token },
      ),
    );
    expect(await about(endpoint.id)).toEqual([
      expect.objectContaining({
        action: "webhook_endpoint.delete",
        changes: expect.objectContaining({ url: { from: "http://127.0.0.1:9/audited", to: null } }),
      }),
      expect.objectContaining({
        action: "webhook_endpoint.update",
        changes: { events: { from: ["ORDER_PAID"], to: ["ORDER_PAID", "ORDER_REFUNDED"] } },
      }),
      expect.objectContaining({
        action: "webhook_endpoint.create",
        changes: {
          url: { from: null, to: "http://127.0.0.1:9/audited" },
          events: { from: null, to: ["ORDER_PAID"] },
          active: { from: null, to: true },
        },
      }),
    ]);

    const { client, token } = await createApiClientOk(t, admin.token, { name: "ERP sync", roles: ["STAFF"] });
    dataOf(await revokeApiClient(t, admin.token, client.id));
    // Revoking twice changes nothing, and records nothing.
    dataOf(await revokeApiClient(t, admin.token, client.id));
    expect(await actions(client.id)).toEqual(["api_client.revoke", "api_client.create"]);

    // Every entry of the log, as text: neither the signing secret nor the token is in any.
    const [everything] = await t.db.prisma.$queryRaw<{ dump: string }[]>`
      SELECT string_agg(a::text, ' ') AS dump FROM audit_entries a`;
    expect(everything?.dump).not.toContain(secret.slice(6));
    expect(everything?.dump).not.toContain(token.slice(4));
  });
});

describe("what is not recorded", () => {
  test("a change whose transaction rolls back leaves no entry; a committed one always has its entry", async () => {
    const variant = (await createProductOk(t, staff.token)).variants[0]!;
    const { transactions, catalogAdmin } = t.app.services;
    const bazaar = RequestContext.system("audit-test");
    await expect(
      transactions.withTransaction(bazaar, async (ctx) => {
        await catalogAdmin.updateVariant(ctx, { id: variant.id, price: "1.00" });
        throw new Error("something later in the same transaction failed");
      }),
    ).rejects.toThrow("something later");
    expect(await about(variant.id)).toEqual([]);

    await catalogAdmin.updateVariant(bazaar, { id: variant.id, price: "2.00" });
    // Bazaar itself: neither a user nor a client, the work's name as the request id.
    expect(await about(variant.id)).toEqual([
      expect.objectContaining({
        action: "variant.update",
        actor: null,
        apiClient: null,
        requestId: "system:audit-test",
        changes: { price: { from: "19.99", to: "2.00" } },
      }),
    ]);
  });

  test("refused input and an update that changed nothing write no entry", async () => {
    const variant = (await createProductOk(t, staff.token)).variants[0]!;
    const code = await createDiscountCodeOk(t, staff.token);
    const before = await t.db.prisma.auditEntry.count();
    expectError(
      await updateVariant(t, staff.token, { id: variant.id, price: "-1" }),
      "BAD_USER_INPUT",
      "price",
    );
    expectError(
      await createDiscountCode(t, staff.token, {
        code: code.code.toLowerCase(),
        type: "PERCENTAGE",
        value: "5",
      }),
      "CONFLICT",
      "code",
    );
    dataOf(await updateVariant(t, staff.token, { id: variant.id, price: "19.99", quantityAvailable: 5 }));
    expect(await t.db.prisma.auditEntry.count()).toBe(before);
    expect(await about(variant.id)).toEqual([]);
  });
});
