import { randomUUID } from "node:crypto";
import { dataOf, globalId, keyOf, registerOk, validAddress, type Account } from "../accounts/account-flows";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";
import { RequestContext } from "../../src/common/request-context";
import { transactionOf } from "../../src/db/transactions";
import { refreshProductAggregates } from "../../src/modules/catalog/product-aggregates";

/** Rows, GraphQL documents and flows shared by the cart, checkout and order tests. */

const money = "{ amount currencyCode }";
export const cartFields = `id totalQuantity subtotal ${money}
  lines { id quantity unitPrice ${money} lineTotal ${money} variant { id sku } }`;
export const orderFields = `id number status email createdAt updatedAt customer { id email }
  subtotal ${money} shippingTotal ${money} total ${money}
  shippingAddress { id fullName line1 line2 city postalCode region country phone }
  lines { id productName sku quantity unitPrice ${money} lineTotal ${money} variant { id sku price ${money} } }`;

export interface MoneyData {
  amount: string;
  currencyCode: string;
}
export interface CartLineData {
  id: string;
  quantity: number;
  unitPrice: MoneyData;
  lineTotal: MoneyData;
  variant: { id: string; sku: string };
}
export interface CartData {
  id: string;
  totalQuantity: number;
  subtotal: MoneyData;
  lines: CartLineData[];
}
export interface OrderLineData {
  id: string;
  productName: string;
  sku: string;
  quantity: number;
  unitPrice: MoneyData;
  lineTotal: MoneyData;
  variant: { id: string; sku: string; price: MoneyData } | null;
}
export type OrderStatus = "PENDING_PAYMENT" | "PAID" | "FULFILLED" | "CANCELLED" | "REFUNDED";
export interface OrderData {
  id: string;
  number: string;
  status: OrderStatus;
  email: string;
  createdAt: string;
  updatedAt: string;
  customer: { id: string; email: string } | null;
  subtotal: MoneyData;
  shippingTotal: MoneyData;
  total: MoneyData;
  shippingAddress: {
    id: string;
    fullName: string;
    line1: string;
    line2: string | null;
    city: string;
    postalCode: string;
    region: string | null;
    country: string;
    phone: string | null;
  };
  lines: OrderLineData[];
}
export interface OrderPage {
  totalCount: number;
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  edges: { cursor: string; node: { id: string; status: OrderStatus } }[];
}

export const usd = (amount: string): MoneyData => ({ amount, currencyCode: "USD" });
const withToken = (token: string | undefined): { token?: string } => (token ? { token } : {});

export interface SeededVariant {
  key: string;
  /** Global id, as the API shows it. */
  id: string;
  sku: string;
}
export interface SeededProduct {
  key: string;
  id: string;
  name: string;
  variants: SeededVariant[];
}

/** A product written straight to the database, its price range and stock flag consistent with its variants. */
export async function seedProduct(
  t: TestApp,
  variants: { price: number; stock: number }[] = [{ price: 1999, stock: 10 }],
  options: { archived?: boolean } = {},
): Promise<SeededProduct> {
  const tag = randomUUID().slice(0, 8);
  const prices = variants.map((v) => v.price);
  const row = await t.db.prisma.product.create({
    data: {
      name: `Product ${tag}`,
      slug: `product-${tag}`,
      description: "Seeded for the order tests.",
      minPriceAmount: Math.min(...prices),
      maxPriceAmount: Math.max(...prices),
      inStock: variants.some((v) => v.stock > 0),
      archivedAt: options.archived ? new Date() : null,
      variants: {
        create: variants.map((v, position) => ({
          sku: `SKU-${tag}-${position}`,
          name: `Variant ${position}`,
          priceAmount: v.price,
          quantityAvailable: v.stock,
          position,
        })),
      },
    },
    select: {
      id: true,
      name: true,
      variants: { select: { id: true, sku: true }, orderBy: { position: "asc" } },
    },
  });
  return {
    key: row.id,
    id: globalId("Product", row.id),
    name: row.name,
    variants: row.variants.map((v) => ({ key: v.id, id: globalId("ProductVariant", v.id), sku: v.sku })),
  };
}

/** Changes a variant behind the API's back (as staff tools or another checkout would), keeping its product consistent. */
export async function setVariant(
  t: TestApp,
  variant: SeededVariant,
  data: { priceAmount?: number; quantityAvailable?: number },
): Promise<void> {
  await t.app.services.transactions.withTransaction(RequestContext.system("test"), async (ctx) => {
    const row = await transactionOf(ctx).productVariant.update({
      where: { id: variant.key },
      data,
      select: { productId: true },
    });
    await refreshProductAggregates(ctx, [row.productId]);
  });
}

export async function stockOf(t: TestApp, variant: SeededVariant): Promise<number> {
  return (await t.db.prisma.productVariant.findUniqueOrThrow({ where: { id: variant.key } }))
    .quantityAvailable;
}

export async function productInStock(t: TestApp, product: SeededProduct): Promise<boolean> {
  return (await t.db.prisma.product.findUniqueOrThrow({ where: { id: product.key } })).inStock;
}

/** A registered account with the STAFF role (granted in the database: there is no API for it). */
export async function staffAccount(t: TestApp): Promise<Account> {
  const account = await registerOk(t);
  await t.db.prisma.user.update({ where: { email: account.email }, data: { roles: ["STAFF"] } });
  return account;
}

// ---- carts ----

export async function createCart(t: TestApp, token?: string): Promise<CartData> {
  return dataOf(
    await t.graphql<{ createCart: CartData }>(
      `mutation { createCart { ${cartFields} } }`,
      {},
      withToken(token),
    ),
  ).createCart;
}

export function readCart(
  t: TestApp,
  id: string,
  token?: string,
): Promise<GraphQLResponse<{ cart: CartData | null }>> {
  return t.graphql(`query ($id: ID!) { cart(id: $id) { ${cartFields} } }`, { id }, withToken(token));
}

export function addToCart(
  t: TestApp,
  token: string | undefined,
  input: { cartId: string; variantId: string; quantity: number },
): Promise<GraphQLResponse<{ addToCart: CartData }>> {
  return t.graphql(
    `mutation ($input: AddToCartInput!) { addToCart(input: $input) { ${cartFields} } }`,
    { input },
    withToken(token),
  );
}

export function updateCartLine(
  t: TestApp,
  token: string | undefined,
  input: { cartId: string; lineId: string; quantity: number },
): Promise<GraphQLResponse<{ updateCartLine: CartData }>> {
  return t.graphql(
    `mutation ($input: UpdateCartLineInput!) { updateCartLine(input: $input) { ${cartFields} } }`,
    { input },
    withToken(token),
  );
}

export function removeCartLine(
  t: TestApp,
  token: string | undefined,
  input: { cartId: string; lineId: string },
): Promise<GraphQLResponse<{ removeCartLine: CartData }>> {
  return t.graphql(
    `mutation ($input: RemoveCartLineInput!) { removeCartLine(input: $input) { ${cartFields} } }`,
    { input },
    withToken(token),
  );
}

export function mergeCart(
  t: TestApp,
  token: string | undefined,
  cartId: string,
): Promise<GraphQLResponse<{ mergeCart: CartData }>> {
  return t.graphql(
    `mutation ($cartId: ID!) { mergeCart(cartId: $cartId) { ${cartFields} } }`,
    { cartId },
    withToken(token),
  );
}

/** `login` or `register` carrying a guest cart id; returns the new session's token. */
export function signInWithCart(
  t: TestApp,
  operation: "login" | "register",
  input: { email: string; password: string; name?: string; cartId: string },
): Promise<GraphQLResponse<Record<string, { token: string }>>> {
  const type = operation === "login" ? "LoginInput" : "RegisterInput";
  return t.graphql(`mutation ($input: ${type}!) { ${operation}(input: $input) { token } }`, { input });
}

/** The caller's cart (a new guest cart when anonymous) holding these lines. */
export async function cartWith(
  t: TestApp,
  token: string | undefined,
  lines: [SeededVariant, number][],
): Promise<CartData> {
  let cart = await createCart(t, token);
  for (const [variant, quantity] of lines) {
    cart = dataOf(await addToCart(t, token, { cartId: cart.id, variantId: variant.id, quantity })).addToCart;
  }
  return cart;
}

// ---- checkout and orders ----

export interface CheckoutInputData {
  cartId: string;
  email?: string | null;
  shippingAddress: Record<string, string | null>;
  idempotencyKey: string;
}

export function checkoutInput(cartId: string, overrides: Partial<CheckoutInputData> = {}): CheckoutInputData {
  return { cartId, shippingAddress: { ...validAddress }, idempotencyKey: randomUUID(), ...overrides };
}

export function checkout(
  t: TestApp,
  token: string | undefined,
  input: CheckoutInputData,
): Promise<GraphQLResponse<{ checkout: OrderData }>> {
  return t.graphql(
    `mutation ($input: CheckoutInput!) { checkout(input: $input) { ${orderFields} } }`,
    { input },
    withToken(token),
  );
}

/** Fills the caller's (or a new guest) cart and checks it out; guests give an email. */
export async function placeOrder(
  t: TestApp,
  token: string | undefined,
  lines: [SeededVariant, number][],
): Promise<OrderData> {
  const cart = await cartWith(t, token, lines);
  const input = checkoutInput(cart.id, token ? {} : { email: "guest@example.com" });
  return dataOf(await checkout(t, token, input)).checkout;
}

export function readOrder(
  t: TestApp,
  id: string,
  token?: string,
): Promise<GraphQLResponse<{ order: OrderData | null }>> {
  return t.graphql(`query ($id: ID!) { order(id: $id) { ${orderFields} } }`, { id }, withToken(token));
}

export function orderTransition(
  t: TestApp,
  mutation: "cancelOrder" | "fulfillOrder",
  token: string | undefined,
  orderId: string,
): Promise<GraphQLResponse<Record<string, OrderData>>> {
  return t.graphql(
    `mutation ($orderId: ID!) { ${mutation}(orderId: $orderId) { ${orderFields} } }`,
    { orderId },
    withToken(token),
  );
}

const pageFields =
  "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id status } }";

export function staffOrders(
  t: TestApp,
  token: string | undefined,
  args: { first?: number; after?: string | null; status?: OrderStatus | null },
): Promise<GraphQLResponse<{ orders: OrderPage }>> {
  return t.graphql(
    `query ($first: Int, $after: String, $status: OrderStatus) { orders(first: $first, after: $after, status: $status) { ${pageFields} } }`,
    { first: args.first ?? 20, after: args.after ?? null, status: args.status ?? null },
    withToken(token),
  );
}

export function myOrders(
  t: TestApp,
  token: string | undefined,
  args: { first: number; after?: string | null },
): Promise<GraphQLResponse<{ me: { orders: OrderPage } | null }>> {
  return t.graphql(
    `query ($first: Int, $after: String) { me { orders(first: $first, after: $after) { ${pageFields} } } }`,
    { after: null, ...args },
    withToken(token),
  );
}

export async function setOrderStatus(t: TestApp, orderId: string, status: OrderStatus): Promise<void> {
  await t.db.prisma.order.update({ where: { id: keyOf(orderId) }, data: { status } });
}

export function countOrders(t: TestApp): Promise<number> {
  return t.db.prisma.order.count();
}
