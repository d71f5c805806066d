import { randomUUID } from "node:crypto";
import type { ResultOf, TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  CancelOrderDocument,
  CheckoutDocument,
  FulfillOrderDocument,
  MoneyFieldsFragmentDoc,
  MyOrdersDocument,
  OrderDocument,
  RefundOrderDocument,
  StaffOrdersDocument,
  type CheckoutInput,
  type MoneyFieldsFragment,
  type MyOrdersQuery,
  type MyOrdersQueryVariables,
  type OrderFieldsFragment,
  type OrderQuery,
  type OrderStatus,
  type StaffOrdersQuery,
  type StaffOrdersQueryVariables,
} from "../../client";
import { validAddress } from "./accounts";
import { cartWith } from "./carts";
import { keyOf } from "./ids";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";
import { typedDocument } from "./typed-document";

/** Checkout and orders through the SDK's operations (client/operations/orders.graphql, staff.graphql). */

export function checkoutInput(cartId: string, overrides: Partial<CheckoutInput> = {}): CheckoutInput {
  return { cartId, shippingAddress: { ...validAddress }, idempotencyKey: randomUUID(), ...overrides };
}

/** A guest's `checkoutInput` shipping to `destination` (the test address otherwise). */
export function guestCheckoutTo(
  cartId: string,
  destination: { country: string; region?: string | null },
  overrides: Partial<CheckoutInput> = {},
): CheckoutInput {
  const shippingAddress = { ...validAddress, ...destination };
  return checkoutInput(cartId, { email: "guest@example.com", shippingAddress, ...overrides });
}

export const checkout = inputMutation(CheckoutDocument);

/** Fills the caller's (or a new guest) cart and checks it out; guests give an email. */
export async function placeOrder(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  lines: [{ id: string }, number][],
): Promise<OrderFieldsFragment> {
  const cart = await cartWith(t, token, lines);
  const input = checkoutInput(cart.id, token ? {} : { email: "guest@example.com" });
  return dataOf(await checkout(t, token, input)).checkout;
}

export function readOrder(t: TestApp, id: string, token?: string): Promise<GraphQLResponse<OrderQuery>> {
  return t.graphql(OrderDocument, { id }, { token });
}

/** What an order tells beyond the SDK's `OrderFields`: its customer, and each line's variant as it is now. */
export interface OrderRelations {
  customer: { id: string; email: string } | null;
  lines: { variant: { id: string; sku: string; price: MoneyFieldsFragment } | null }[];
}

const orderRelationsDocument = typedDocument<{ order: OrderRelations | null }, { id: string }>(
  "query OrderRelations($id: ID!) { order(id: $id) { customer { id email } lines { variant { id sku price { ...MoneyFields } } } } }",
  MoneyFieldsFragmentDoc,
);

export async function orderRelations(t: TestApp, id: string, token?: string): Promise<OrderRelations | null> {
  return dataOf(await t.graphql(orderRelationsDocument, { id }, { token })).order;
}

const transitions = {
  cancelOrder: CancelOrderDocument,
  fulfillOrder: FulfillOrderDocument,
  refundOrder: RefundOrderDocument,
};
type Transition = keyof typeof transitions;

/** One of the mutations that move an order on by its id. */
export function orderTransition<M extends Transition>(
  t: TestApp,
  mutation: M,
  token: string | undefined,
  orderId: string,
): Promise<GraphQLResponse<ResultOf<(typeof transitions)[M]>>> {
  // All three take `orderId` and answer with the order; only the field name differs.
  const document = transitions[mutation] as TypedDocumentNode<
    ResultOf<(typeof transitions)[M]>,
    { orderId: string }
  >;
  return t.graphql(document, { orderId }, { token });
}

export function staffOrders(
  t: TestApp,
  token: string | undefined,
  variables: StaffOrdersQueryVariables,
): Promise<GraphQLResponse<StaffOrdersQuery>> {
  return t.graphql(StaffOrdersDocument, { first: 20, ...variables }, { token });
}

export function myOrders(
  t: TestApp,
  token: string | undefined,
  variables: MyOrdersQueryVariables,
): Promise<GraphQLResponse<MyOrdersQuery>> {
  return t.graphql(MyOrdersDocument, variables, { token });
}

export async function setOrderStatus(t: TestApp, orderId: string, status: OrderStatus): Promise<void> {
  await t.db.prisma.order.update({ where: { id: keyOf(orderId) }, data: { status } });
}

export function countOrders(t: TestApp): Promise<number> {
  return t.db.prisma.order.count();
}
