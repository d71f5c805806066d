/**
 * A storefront's whole journey against a running Bazaar, using only the SDK: register,
 * browse, fill a cart, apply a discount code, quote the shipping methods to the address and
 * pick the fastest, check out, pay with the test gateway and follow the order (the
 * `orderUpdated` subscription, over WebSocket) until it is PAID.
 *
 *   npm run example:shop -- http://localhost:4000/graphql [CODE]     (or set BAZAAR_URL)
 *
 * CODE defaults to WELCOME10, one of the demo shop's codes; a code the shop refuses is
 * reported and the order placed without it, as a storefront would.
 *
 * Exits 0 with a summary when the order is paid, 1 (with the reason) otherwise.
 */
import WebSocket from "ws";
import {
  AddToCartDocument,
  BazaarError,
  type BazaarClient,
  CheckoutDocument,
  createBazaarClient,
  CreateCartDocument,
  OrderUpdatedDocument,
  PayOrderDocument,
  ProductBySlugDocument,
  ProductListDocument,
  RegisterDocument,
  type AddressInput,
  type OrderStatus,
} from "../index";
import { applyCode, chooseShipping, totals } from "./shop-pricing";

/** The demo shop's 10 % code (src/db/seed/demo-discounts.ts). */
export const defaultDiscountCode = "WELCOME10";

const shippingAddress: AddressInput = {
  fullName: "Example Shopper",
  line1: "1 Market Street",
  city: "San Francisco",
  region: "CA",
  postalCode: "94105",
  country: "US",
};

export interface ShopOptions {
  /** The code to apply (default: WELCOME10); null: none. */
  discountCode?: string | null;
  /** How long to wait for the payment webhook to mark the order PAID. */
  paidTimeoutMs?: number;
  /** Where progress goes (default: nowhere). */
  log?: (line: string) => void;
  fetch?: typeof globalThis.fetch;
  /** The WebSocket class for the subscription (default: `ws`, as Node 20 has none). */
  webSocketImpl?: unknown;
}

export interface ShopSummary {
  email: string;
  product: string;
  sku: string;
  orderId: string;
  orderNumber: string;
  /** The code the order carries, null when there was none or the shop refused it. */
  discountCode: string | null;
  discountTotal: string;
  shippingMethod: string;
  shippingTotal: string;
  taxTotal: string;
  total: string;
  status: OrderStatus;
  /** States of the order the subscription delivered until PAID (the current one first). */
  updates: number;
}

/** Runs the journey against the GraphQL endpoint at `url`; rejects on any failure. */
export async function runShop(url: string, options: ShopOptions = {}): Promise<ShopSummary> {
  const log = options.log ?? ((): void => undefined);
  const bazaar = createBazaarClient({
    url,
    webSocketImpl: options.webSocketImpl ?? WebSocket,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  try {
    return await shop(bazaar, options, log);
  } finally {
    await bazaar.closeSubscriptions();
  }
}

async function shop(
  bazaar: BazaarClient,
  options: ShopOptions,
  log: (line: string) => void,
): Promise<ShopSummary> {
  const email = `shopper.${Date.now()}.${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { register } = await bazaar.request(RegisterDocument, {
    input: { email, password: crypto.randomUUID(), name: "Example Shopper" },
  });
  bazaar.setToken(register.token);
  log(`registered ${register.user.email}`);

  const { products } = await bazaar.request(ProductListDocument, {
    first: 24,
    filter: { inStock: true },
    sortBy: "NEWEST",
  });
  log(`browsed ${products.edges.length} of ${products.totalCount} products in stock`);
  const card = products.edges
    .map((edge) => edge.node)
    .find((product) => product.variants.some((variant) => variant.inStock));
  if (!card) throw new Error("the shop has no product in stock");

  // The product page: current stock per variant, as a shopper would see before buying.
  const { product } = await bazaar.request(ProductBySlugDocument, { slug: card.slug });
  const variant = product?.variants.find((candidate) => candidate.quantityAvailable > 0);
  if (!product || !variant) throw new Error(`${card.name} sold out while browsing`);
  log(`chose ${product.name} / ${variant.name} at ${variant.price.amount} ${variant.price.currencyCode}`);

  const { createCart } = await bazaar.request(CreateCartDocument);
  const { addToCart: cart } = await bazaar.request(AddToCartDocument, {
    input: { cartId: createCart.id, variantId: variant.id, quantity: 1 },
  });
  log(`cart holds ${cart.totalQuantity} item(s), subtotal ${cart.subtotal.amount}`);
  await applyCode(
    bazaar,
    cart.id,
    options.discountCode === undefined ? defaultDiscountCode : options.discountCode,
    log,
  );

  const quote = await chooseShipping(bazaar, cart.id, shippingAddress, log);
  const { checkout: order } = await bazaar.request(CheckoutDocument, {
    input: {
      cartId: cart.id,
      idempotencyKey: crypto.randomUUID(),
      shippingAddress,
      shippingMethodId: quote.shipping.method.id,
    },
  });
  // Quote and checkout price by the same rules: the order costs exactly what was quoted.
  if (order.total.amount !== quote.total.amount)
    throw new Error(
      `order ${order.number} costs ${order.total.amount}, but was quoted ${quote.total.amount}`,
    );
  log(`placed order ${order.number}: ${totals(order)}, ${order.status}`);

  const { payOrder: payment } = await bazaar.request(PayOrderDocument, {
    input: { orderId: order.id, paymentToken: "tok_visa", idempotencyKey: crypto.randomUUID() },
  });
  log(`payment ${payment.status} through ${payment.gateway}`);

  // The gateway settles the payment by webhook, so the order turns PAID a moment later:
  // the subscription delivers the order as it is, then each change, as it happens.
  const timeoutMs = options.paidTimeoutMs ?? 15_000;
  const timer = setTimeout(() => void bazaar.closeSubscriptions(), timeoutMs);
  try {
    let updates = 0;
    for await (const { orderUpdated: current } of bazaar.subscribe(OrderUpdatedDocument, {
      orderId: order.id,
    })) {
      updates += 1;
      if (current.status === "PAID") {
        log(`order ${current.number} is PAID`);
        return {
          email,
          product: product.name,
          sku: variant.sku,
          orderId: current.id,
          orderNumber: current.number,
          discountCode: current.discountCode ?? null,
          discountTotal: current.discountTotal.amount,
          shippingMethod: current.shippingMethod,
          shippingTotal: current.shippingTotal.amount,
          taxTotal: current.taxTotal.amount,
          total: `${current.total.amount} ${current.total.currencyCode}`,
          status: current.status,
          updates,
        };
      }
      const failed = current.payments.at(-1)?.status === "FAILED";
      if (current.status !== "PENDING_PAYMENT" || failed)
        throw new Error(
          `order ${current.number} ended ${current.status}${failed ? " (payment failed)" : ""}, not PAID`,
        );
    }
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`order ${order.number} was not PAID within ${timeoutMs} ms`);
}

async function main(): Promise<void> {
  const url = process.argv[2] ?? process.env["BAZAAR_URL"] ?? "http://localhost:4000/graphql";
  try {
    const summary = await runShop(url, {
      discountCode: process.argv[3],
      log: (line) => console.log(`  ${line}`),
    });
    const discount = summary.discountCode
      ? `${summary.discountCode} −${summary.discountTotal}`
      : "no discount";
    console.log(
      `OK: ${summary.email} bought ${summary.product} (${summary.sku}); order ${summary.orderNumber}: ` +
        `${discount}, ${summary.shippingMethod} shipping ${summary.shippingTotal}, tax ${summary.taxTotal}, ` +
        `total ${summary.total}, ${summary.status}`,
    );
  } catch (error) {
    const detail =
      error instanceof BazaarError
        ? `${error.code} (HTTP ${error.status}): ${error.message}`
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`shop example failed against ${url}: ${detail}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
