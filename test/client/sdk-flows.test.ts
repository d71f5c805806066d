import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import * as sdk from "../../client";
import manifest from "../../client/generated/persisted-documents.json";
import { uniqueEmail } from "../helpers/accounts";
import { latestResetToken } from "../helpers/mail";
import { useTestApp } from "../helpers/test-app";
import { waitFor } from "../helpers/wait-for";
import { startWebhookReceiver } from "../helpers/webhook-receiver";
import { recordingFetch } from "./sdk-helpers";

/**
 * Every operation the SDK ships, run through the SDK against the real server in the order
 * a shop uses them: staff build the catalog, customers browse, sign up, shop, pay, review;
 * staff fulfil and refund. The last test checks that none was left out.
 */

// Webhooks go to a receiver on 127.0.0.1.
const t = useTestApp({ BAZAAR_WEBHOOK_ALLOW_PRIVATE_URLS: "true" });
const recorder = recordingFetch();
const client = (): sdk.BazaarClient =>
  sdk.createBazaarClient({ url: `${t.baseUrl}/graphql`, fetch: recorder.fetch });
let staff: sdk.BazaarClient;
let customer: sdk.BazaarClient;
const password = "correct horse battery";
const address = {
  fullName: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "GB",
};
const state = {
  productId: "",
  slug: "",
  variantIds: [] as string[],
  email: uniqueEmail("flows"),
  /** Iceland's zone, which the pricing test makes, and the tax class it gives the tent. */
  zoneId: "",
  taxClassId: "",
};

async function register(bazaar: sdk.BazaarClient, email: string): Promise<sdk.RegisterMutation["register"]> {
  const { register: auth } = await bazaar.request(sdk.RegisterDocument, {
    input: { email, password, name: "Ada Lovelace" },
  });
  bazaar.setToken(auth.token);
  return auth;
}

/** Checks out the customer's cart holding `quantity` of the first variant, pays it with tok_visa and waits for PAID. */
async function paidOrder(quantity: number): Promise<string> {
  const { createCart } = await customer.request(sdk.CreateCartDocument);
  await customer.request(sdk.AddToCartDocument, {
    input: { cartId: createCart.id, variantId: state.variantIds[0]!, quantity },
  });
  const { checkout } = await customer.request(sdk.CheckoutDocument, {
    input: { cartId: createCart.id, shippingAddress: address, idempotencyKey: randomUUID() },
  });
  await customer.request(sdk.PayOrderDocument, {
    input: { orderId: checkout.id, paymentToken: "tok_visa", idempotencyKey: randomUUID() },
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    const { order } = await customer.request(sdk.OrderDocument, { id: checkout.id });
    if (order?.status === "PAID") return checkout.id;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${checkout.number} did not become PAID`);
}

beforeAll(async () => {
  staff = client();
  const auth = await register(staff, uniqueEmail("staff"));
  await t.db.prisma.user.update({ where: { email: auth.user.email }, data: { roles: ["STAFF"] } });
  customer = client();
});

test("staff build the catalog", async () => {
  const { createCategory: outdoors } = await staff.request(sdk.CreateCategoryDocument, {
    input: { name: "Outdoors" },
  });
  const { createCategory: tents } = await staff.request(sdk.CreateCategoryDocument, {
    input: { name: "Tents", parentId: outdoors.id },
  });
  expect(tents.parent?.slug).toBe("outdoors");
  const variants = ["Green", "Orange"].map((colour) => ({
    sku: `TENT-${colour.toUpperCase()}`,
    name: colour,
    options: [{ name: "Colour", value: colour }],
    price: "199.00",
    quantityAvailable: 5,
  }));
  const { createProduct } = await staff.request(sdk.CreateProductDocument, {
    input: { name: "Ridge Tent", description: "Sleeps two.", categoryId: tents.id, variants },
  });
  Object.assign(state, {
    productId: createProduct.id,
    slug: createProduct.slug,
    variantIds: createProduct.variants.map((variant) => variant.id),
  });
  const { updateProduct } = await staff.request(sdk.UpdateProductDocument, {
    input: { id: createProduct.id, description: "Sleeps two, pitches in five minutes." },
  });
  expect(updateProduct.description).toBe("Sleeps two, pitches in five minutes.");
  const { updateVariant } = await staff.request(sdk.UpdateVariantDocument, {
    input: { id: state.variantIds[0]!, price: "179.00" },
  });
  expect(updateVariant.price).toEqual({ amount: "179.00", currencyCode: "USD" });
  const { createProduct: old } = await staff.request(sdk.CreateProductDocument, {
    input: {
      name: "Old Tent",
      description: "Retired.",
      variants: [{ sku: "TENT-OLD", name: "Grey", price: "50.00", quantityAvailable: 1 }],
    },
  });
  expect(
    (await staff.request(sdk.ArchiveProductDocument, { id: old.id })).archiveProduct.archivedAt,
  ).not.toBeNull();
});

test("shoppers browse: tree, category page, listing, search, product page", async () => {
  const { categories } = await customer.request(sdk.CategoryTreeDocument);
  expect(categories.map((root) => [root.slug, root.children.map((child) => child.slug)])).toEqual([
    ["outdoors", ["tents"]],
  ]);
  expect(
    (await customer.request(sdk.CategoryPageDocument, { slug: "outdoors" })).category?.products.totalCount,
  ).toBe(1);
  const { products } = await customer.request(sdk.ProductListDocument, { first: 24 });
  expect(products.edges.map((edge) => edge.node.name)).toEqual(["Ridge Tent"]);
  const { products: found } = await customer.request(sdk.SearchProductsDocument, { search: "tent pitches" });
  expect(found.edges.map((edge) => edge.node.id)).toEqual([state.productId]);
  const { product } = await customer.request(sdk.ProductBySlugDocument, { slug: state.slug });
  expect(product?.priceRange.min.amount).toBe("179.00");
});

test("accounts: register, address book, password change, logout, login, password reset", async () => {
  await register(customer, state.email);
  const { addAddress } = await customer.request(sdk.AddAddressDocument, { input: address });
  expect((await customer.request(sdk.MeDocument)).me?.addresses.map((entry) => entry.id)).toEqual([
    addAddress.id,
  ]);
  expect((await customer.request(sdk.DeleteAddressDocument, { id: addAddress.id })).deleteAddress).toBe(true);
  expect(
    (
      await customer.request(sdk.ChangePasswordDocument, {
        input: { currentPassword: password, newPassword: `${password}!` },
      })
    ).changePassword,
  ).toBe(true);
  expect((await customer.request(sdk.LogoutDocument)).logout).toBe(true);
  customer.setToken(null);
  customer.setToken(
    (await customer.request(sdk.LoginDocument, { input: { email: state.email, password: `${password}!` } }))
      .login.token,
  );
  expect(
    (await customer.request(sdk.RequestPasswordResetDocument, { input: { email: state.email } }))
      .requestPasswordReset,
  ).toBe(true);
  const { resetPassword } = await customer.request(sdk.ResetPasswordDocument, {
    input: { token: await latestResetToken(t, state.email), newPassword: password },
  });
  customer.setToken(resetPassword.token);
  expect((await customer.request(sdk.MeDocument)).me?.email).toBe(state.email);
});

test("carts: a guest fills one, edits it, and merges it into the customer's cart", async () => {
  const guest = client();
  const { createCart } = await guest.request(sdk.CreateCartDocument);
  const input = { cartId: createCart.id, variantId: state.variantIds[1]! };
  const { addToCart } = await guest.request(sdk.AddToCartDocument, { input: { ...input, quantity: 2 } });
  const lineId = addToCart.lines[0]!.id;
  expect(
    (
      await guest.request(sdk.UpdateCartLineDocument, {
        input: { cartId: createCart.id, lineId, quantity: 1 },
      })
    ).updateCartLine.totalQuantity,
  ).toBe(1);
  expect(
    (await guest.request(sdk.RemoveCartLineDocument, { input: { cartId: createCart.id, lineId } }))
      .removeCartLine.lines,
  ).toEqual([]);
  await guest.request(sdk.AddToCartDocument, { input: { ...input, quantity: 1 } });
  expect(
    (await customer.request(sdk.MergeCartDocument, { cartId: createCart.id })).mergeCart.totalQuantity,
  ).toBe(1);
  const { createCart: own } = await customer.request(sdk.CreateCartDocument);
  const { cart } = await customer.request(sdk.CartDocument, { id: own.id });
  await customer.request(sdk.RemoveCartLineDocument, {
    input: { cartId: own.id, lineId: cart!.lines[0]!.id },
  });
});

test("orders: pay, review, cancel; staff fulfil and refund", async () => {
  const fulfilled = await paidOrder(1);
  const { addReview } = await customer.request(sdk.AddReviewDocument, {
    input: { productId: state.productId, rating: 5, title: "Dry all night", body: "Survived a storm." },
  });
  expect(addReview.product.rating).toEqual({ average: 5, count: 1 });
  const refunded = await paidOrder(1);

  const { createCart } = await customer.request(sdk.CreateCartDocument);
  await customer.request(sdk.AddToCartDocument, {
    input: { cartId: createCart.id, variantId: state.variantIds[0]!, quantity: 1 },
  });
  const { checkout } = await customer.request(sdk.CheckoutDocument, {
    input: { cartId: createCart.id, shippingAddress: address, idempotencyKey: randomUUID() },
  });
  expect((await customer.request(sdk.CancelOrderDocument, { orderId: checkout.id })).cancelOrder.status).toBe(
    "CANCELLED",
  );

  const { orders } = await staff.request(sdk.StaffOrdersDocument, { status: "PAID" });
  expect(orders.edges.map((edge) => edge.node.id).sort()).toEqual([fulfilled, refunded].sort());
  expect((await staff.request(sdk.FulfillOrderDocument, { orderId: fulfilled })).fulfillOrder.status).toBe(
    "FULFILLED",
  );
  expect((await staff.request(sdk.RefundOrderDocument, { orderId: refunded })).refundOrder.status).toBe(
    "REFUNDED",
  );
  const { me } = await customer.request(sdk.MyOrdersDocument, { first: 10 });
  expect(me?.orders.edges.map((edge) => edge.node.status).sort()).toEqual([
    "CANCELLED",
    "FULFILLED",
    "REFUNDED",
  ]);
});

test("pricing: staff manage codes and shipping, an admin sets taxes, anyone reads zones and a product's class", async () => {
  const admin = client();
  const auth = await register(admin, uniqueEmail("admin"));
  await t.db.prisma.user.update({ where: { email: auth.user.email }, data: { roles: ["ADMIN"] } });

  const { createDiscountCode } = await staff.request(sdk.CreateDiscountCodeDocument, {
    input: { code: `SPRING-${randomUUID().slice(0, 8)}`, type: "PERCENTAGE", value: "10", usageLimit: 5 },
  });
  const { updateDiscountCode } = await staff.request(sdk.UpdateDiscountCodeDocument, {
    input: { id: createDiscountCode.id, active: false },
  });
  expect(updateDiscountCode.active).toBe(false);
  const { discountCodes } = await staff.request(sdk.DiscountCodesDocument, { first: 10 });
  expect(discountCodes.edges.map((edge) => edge.node.id)).toContain(createDiscountCode.id);

  // A country no demo zone claims: this test's database may hold the demo shop's zones.
  const { createShippingZone } = await staff.request(sdk.CreateShippingZoneDocument, {
    input: { name: "Iceland", countries: ["IS"] },
  });
  const { createShippingMethod } = await staff.request(sdk.CreateShippingMethodDocument, {
    input: { zoneId: createShippingZone.id, name: "Standard", price: "9.00", freeAbove: "100.00" },
  });
  const { updateShippingMethod } = await staff.request(sdk.UpdateShippingMethodDocument, {
    input: { id: createShippingMethod.id, price: "8.00" },
  });
  expect(updateShippingMethod.price.amount).toBe("8.00");
  const { shippingZones } = await customer.request(sdk.ShippingZonesDocument);
  expect(shippingZones.find((zone) => zone.id === createShippingZone.id)?.methods).toHaveLength(1);

  const { createTaxClass } = await admin.request(sdk.CreateTaxClassDocument, {
    input: { name: `Reduced ${randomUUID().slice(0, 8)}` },
  });
  const { setTaxRate } = await admin.request(sdk.SetTaxRateDocument, {
    input: { taxClassId: createTaxClass.id, country: "IS", rate: "11" },
  });
  expect(setTaxRate.rates.map(({ country, region, rate }) => [country, region, Number(rate)])).toEqual([
    ["IS", null, 11],
  ]);
  expect((await staff.request(sdk.TaxClassesDocument)).taxClasses.map((taxClass) => taxClass.id)).toContain(
    createTaxClass.id,
  );
  await staff.request(sdk.UpdateProductDocument, {
    input: { id: state.productId, taxClassId: createTaxClass.id },
  });
  const { product } = await customer.request(sdk.ProductTaxClassDocument, { id: state.productId });
  expect(product?.taxClass?.id).toBe(createTaxClass.id);
  Object.assign(state, { zoneId: createShippingZone.id, taxClassId: createTaxClass.id });
});

test("checkout with a code and a method: apply, quote, remove, apply again, check out as quoted", async () => {
  const { createDiscountCode: code } = await staff.request(sdk.CreateDiscountCodeDocument, {
    input: { code: `WINTER-${randomUUID().slice(0, 8)}`, type: "PERCENTAGE", value: "15", usageLimit: 1 },
  });
  const { createShippingMethod: express } = await staff.request(sdk.CreateShippingMethodDocument, {
    input: { zoneId: state.zoneId, name: "Express", price: "25.00", minDeliveryDays: 1, maxDeliveryDays: 2 },
  });
  const { createCart } = await customer.request(sdk.CreateCartDocument);
  await customer.request(sdk.AddToCartDocument, {
    input: { cartId: createCart.id, variantId: state.variantIds[0]!, quantity: 1 },
  });
  // Typed in lower case: codes match whatever their case, and the cart shows it as created.
  const apply = { input: { cartId: createCart.id, code: code.code.toLowerCase() } };
  const { applyDiscountCode: discounted } = await customer.request(sdk.ApplyDiscountCodeDocument, apply);
  expect([discounted.discountCode, discounted.subtotal.amount, discounted.discountTotal.amount]).toEqual([
    code.code,
    "179.00",
    "26.85",
  ]);

  const { checkoutQuote: quote } = await customer.request(sdk.CheckoutQuoteDocument, {
    input: { cartId: createCart.id, country: "IS", shippingMethodId: express.id },
  });
  // 152.15 after the discount: Standard (8.00, free from 100.00) costs nothing, Express its price.
  expect(quote.shippingRates.map((rate) => [rate.method.name, rate.price.amount])).toEqual([
    ["Standard", "0.00"],
    ["Express", "25.00"],
  ]);
  // The tent's class taxes it at 11 % in Iceland, on 152.15; no default class, so shipping is untaxed.
  expect([quote.discountCode, quote.shipping.method.id, quote.taxTotal.amount, quote.total.amount]).toEqual([
    code.code,
    express.id,
    "16.74",
    "193.89",
  ]);

  const { removeDiscountCode } = await customer.request(sdk.RemoveDiscountCodeDocument, {
    cartId: createCart.id,
  });
  expect([removeDiscountCode.discountCode, removeDiscountCode.discountTotal.amount]).toEqual([null, "0.00"]);
  await customer.request(sdk.ApplyDiscountCodeDocument, apply);
  const { checkout: order } = await customer.request(sdk.CheckoutDocument, {
    input: {
      cartId: createCart.id,
      shippingAddress: { ...address, city: "Reykjavík", postalCode: "101", country: "IS" },
      shippingMethodId: express.id,
      idempotencyKey: randomUUID(),
    },
  });
  expect([order.discountCode, order.shippingMethod, order.shippingTotal.amount, order.total.amount]).toEqual([
    code.code,
    "Express",
    "25.00",
    quote.total.amount,
  ]);
  expect(
    order.lines.map((line) => [line.discountAmount.amount, line.taxRate, line.taxAmount.amount]),
  ).toEqual([["26.85", "11.00", "16.74"]]);
  // Its only use is taken: the code now applies to no other cart.
  const { discountCodes } = await staff.request(sdk.DiscountCodesDocument, { first: 10 });
  expect(discountCodes.edges.find((edge) => edge.node.id === code.id)?.node.timesUsed).toBe(1);
});

test("webhooks: an admin registers an endpoint, reads its delivery log, redelivers, changes and deletes it", async () => {
  const admin = client();
  const auth = await register(admin, uniqueEmail("admin"));
  await t.db.prisma.user.update({ where: { email: auth.user.email }, data: { roles: ["ADMIN"] } });
  const receiver = await startWebhookReceiver();
  try {
    const { createWebhookEndpoint } = await admin.request(sdk.CreateWebhookEndpointDocument, {
      input: { url: receiver.url, events: ["PRODUCT_UPDATED"] },
    });
    receiver.useSecret(createWebhookEndpoint.secret);
    const endpointId = createWebhookEndpoint.endpoint.id;
    await staff.request(sdk.UpdateProductDocument, { input: { id: state.productId, name: "Ridge Tent II" } });
    const deliveries = async () => {
      const { node } = await admin.request(sdk.WebhookDeliveriesDocument, { endpointId, first: 10 });
      return node && "deliveries" in node ? node.deliveries.edges.map((edge) => edge.node) : [];
    };
    const [delivered] = await waitFor(deliveries, (all) => all[0]?.status === "SUCCEEDED");
    expect(receiver.requests[0]).toMatchObject({ signatureValid: true, event: { type: "product.updated" } });

    const { redeliverWebhook } = await admin.request(sdk.RedeliverWebhookDocument, {
      deliveryId: delivered!.id,
    });
    expect(redeliverWebhook.eventId).toBe(delivered!.eventId);
    const { updateWebhookEndpoint } = await admin.request(sdk.UpdateWebhookEndpointDocument, {
      input: { id: endpointId, active: false },
    });
    expect(updateWebhookEndpoint.active).toBe(false);
    const { webhookEndpoints } = await admin.request(sdk.WebhookEndpointsDocument);
    expect(webhookEndpoints.map((endpoint) => endpoint.id)).toEqual([endpointId]);
    expect(
      (await admin.request(sdk.DeleteWebhookEndpointDocument, { id: endpointId })).deleteWebhookEndpoint,
    ).toBe(true);
  } finally {
    await receiver.close();
  }
});

/** Subscriptions travel over graphql-ws, not fetch: their names are recorded here. */
const subscribed = new Set<string>();

test("API clients: an admin creates one; a server-side storefront acts with it for its shoppers; revoked, it is refused", async () => {
  const admin = client();
  const auth = await register(admin, uniqueEmail("integrations"));
  await t.db.prisma.user.update({ where: { email: auth.user.email }, data: { roles: ["ADMIN"] } });
  const { createApiClient } = await admin.request(sdk.CreateApiClientDocument, {
    input: { name: "Storefront server" },
  });
  expect(createApiClient.token).toMatch(/^bzc_/);
  const { apiClients } = await admin.request(sdk.ApiClientsDocument);
  expect(apiClients.map((listed) => listed.id)).toContain(createApiClient.client.id);

  // One SDK client per shopper request, carrying the shopper's address (and session, if any).
  const forShopper = (buyerIp: string, token: string | null = null) =>
    sdk.createBazaarClient({
      url: `${t.baseUrl}/graphql`,
      fetch: recorder.fetch,
      clientToken: createApiClient.token,
      buyerIp,
      token,
      webSocketImpl: WebSocket,
    });
  const { products } = await forShopper("198.51.100.5").request(sdk.ProductListDocument, { first: 2 });
  expect(products.edges.length).toBeGreaterThan(0);
  await expect(
    forShopper("198.51.100.6").request(sdk.LoginDocument, {
      input: { email: state.email, password: "wrong" },
    }),
  ).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  const clientKey = Buffer.from(createApiClient.client.id, "base64").toString().split(":")[1];
  expect(
    await t.db.prisma.loginFailure.count({ where: { ip: `client:${clientKey}:buyer:198.51.100.6` } }),
  ).toBe(1);
  const { me } = await forShopper("198.51.100.7", customer.getToken()).request(sdk.MeDocument);
  expect(me?.email).toBe(state.email);
  const live = forShopper("198.51.100.8");
  for await (const { productUpdated } of live.subscribe(sdk.ProductUpdatedDocument, {
    productId: state.productId,
  })) {
    expect(productUpdated.id).toBe(state.productId);
    break;
  }
  await live.closeSubscriptions();

  const { revokeApiClient } = await admin.request(sdk.RevokeApiClientDocument, {
    id: createApiClient.client.id,
  });
  expect(revokeApiClient.revokedAt).not.toBeNull();
  // The audit log tells who created and revoked the client.
  const { auditLog } = await admin.request(sdk.AuditLogDocument, { subjectId: createApiClient.client.id });
  expect(auditLog.edges.map((edge) => edge.node.action)).toEqual(["api_client.revoke", "api_client.create"]);
  await expect(
    forShopper("198.51.100.5").request(sdk.ProductListDocument, { first: 2 }),
  ).rejects.toMatchObject({
    code: "UNAUTHENTICATED",
    status: 401,
  });
});

test("live updates: a product and an order, current state first", async () => {
  const live = sdk.createBazaarClient({ url: `${t.baseUrl}/graphql`, webSocketImpl: WebSocket });
  for await (const { productUpdated } of live.subscribe(sdk.ProductUpdatedDocument, {
    productId: state.productId,
  })) {
    expect(productUpdated.id).toBe(state.productId);
    subscribed.add("ProductUpdated");
    break;
  }
  const { me } = await customer.request(sdk.MyOrdersDocument, { first: 1 });
  const orderId = me!.orders.edges[0]!.node.id;
  const owner = sdk.createBazaarClient({
    url: `${t.baseUrl}/graphql`,
    webSocketImpl: WebSocket,
    token: customer.getToken(),
  });
  for await (const { orderUpdated } of owner.subscribe(sdk.OrderUpdatedDocument, { orderId })) {
    expect(orderUpdated.id).toBe(orderId);
    subscribed.add("OrderUpdated");
    break;
  }
  await Promise.all([live.closeSubscriptions(), owner.closeSubscriptions()]);
});

test("every operation in the manifest ran", () => {
  const shipped = Object.values(manifest).map(
    (text) => /(?:^| )(?:query|mutation|subscription) (\w+)/.exec(text)?.[1],
  );
  const ran = new Set([...recorder.sent.map((request) => request.operationName), ...subscribed]);
  expect(shipped.filter((name) => !ran.has(name ?? null))).toEqual([]);
});
