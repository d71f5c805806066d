import {
  AddToCartDocument,
  CartDocument,
  CreateCartDocument,
  LoginDocument,
  MergeCartDocument,
  RemoveCartLineDocument,
  UpdateCartLineDocument,
  type CartFieldsFragment,
  type CartQuery,
  type LoginMutation,
  type MergeCartMutation,
} from "../../client";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, TestApp } from "./test-app";

/** Carts through the SDK's operations (client/operations/cart.graphql). */

export async function createCart(t: Pick<TestApp, "graphql">, token?: string): Promise<CartFieldsFragment> {
  return dataOf(await t.graphql(CreateCartDocument, {}, { token })).createCart;
}

export function readCart(t: TestApp, id: string, token?: string): Promise<GraphQLResponse<CartQuery>> {
  return t.graphql(CartDocument, { id }, { token });
}

export const addToCart = inputMutation(AddToCartDocument);

export const updateCartLine = inputMutation(UpdateCartLineDocument);

export const removeCartLine = inputMutation(RemoveCartLineDocument);

export function mergeCart(
  t: TestApp,
  token: string | undefined,
  cartId: string,
): Promise<GraphQLResponse<MergeCartMutation>> {
  return t.graphql(MergeCartDocument, { cartId }, { token });
}

/** `login` carrying a guest cart id: its lines join the customer's cart. */
export function loginWithCart(
  t: TestApp,
  account: { email: string; password: string },
  cartId: string,
): Promise<GraphQLResponse<LoginMutation>> {
  return t.graphql(LoginDocument, { input: { email: account.email, password: account.password, cartId } });
}

/** The caller's cart (a new guest cart when anonymous) holding these lines. */
export async function cartWith(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  lines: [{ id: string }, number][],
): Promise<CartFieldsFragment> {
  let cart = await createCart(t, token);
  for (const [variant, quantity] of lines) {
    cart = dataOf(await addToCart(t, token, { cartId: cart.id, variantId: variant.id, quantity })).addToCart;
  }
  return cart;
}
