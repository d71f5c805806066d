import { createHash } from "node:crypto";
import {
  AddAddressDocument,
  AddressFieldsFragmentDoc,
  ChangePasswordDocument,
  DeleteAddressDocument,
  LoginDocument,
  LogoutDocument,
  MeDocument,
  RegisterDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  UserFieldsFragmentDoc,
  type AddAddressMutation,
  type AddressFieldsFragment,
  type AddressInput,
  type AuthFieldsFragment,
  type ChangePasswordMutation,
  type DeleteAddressMutation,
  type LoginMutation,
  type LogoutMutation,
  type MeQuery,
  type RegisterInput,
  type RegisterMutation,
  type RequestPasswordResetMutation,
  type ResetPasswordMutation,
  type Role,
  type UserFieldsFragment,
} from "../../client";
import { keyOf } from "./ids";
import { dataOf } from "./results";
import type { GraphQLResponse, RequestOptions, TestApp } from "./test-app";
import { typedDocument } from "./typed-document";

/** Accounts through the SDK's operations (client/operations/account.graphql), and their rows. */

/** A registered account with everything a test needs to act as it. */
export interface Account extends AuthFieldsFragment {
  email: string;
  password: string;
}

const defaultPassword = "correct horse battery";
let sequence = 0;

/** A fresh address per call, so tests (and the login throttle) never share accounts. */
export function uniqueEmail(prefix = "user"): string {
  sequence += 1;
  return `${prefix}.${process.pid}.${sequence}@example.com`;
}

export function register(
  t: Pick<TestApp, "graphql">,
  overrides: Partial<RegisterInput> = {},
): Promise<GraphQLResponse<RegisterMutation>> {
  const input = { email: uniqueEmail(), password: defaultPassword, name: "Ada Lovelace", ...overrides };
  return t.graphql(RegisterDocument, { input });
}

export async function registerOk(
  t: Pick<TestApp, "graphql">,
  overrides: Partial<RegisterInput> = {},
): Promise<Account> {
  const fields = { email: uniqueEmail(), password: defaultPassword, ...overrides };
  const { register: payload } = dataOf(await register(t, fields));
  return { ...payload, email: fields.email, password: fields.password };
}

/** Grants roles directly in the database (there is no API for it). */
export async function grantRoles(t: Pick<TestApp, "db">, account: Account, roles: Role[]): Promise<void> {
  await t.db.prisma.user.update({ where: { id: keyOf(account.user.id) }, data: { roles } });
}

/** A fresh account holding exactly these roles. */
export async function accountWithRoles(t: Pick<TestApp, "graphql" | "db">, roles: Role[]): Promise<Account> {
  const account = await registerOk(t);
  if (roles.join() !== "CUSTOMER") await grantRoles(t, account, roles);
  return { ...account, user: { ...account.user, roles } };
}

export function staffAccount(t: TestApp): Promise<Account> {
  return accountWithRoles(t, ["STAFF"]);
}

/** `login`, anonymous unless `options` carries another session's token. */
export function login(
  t: TestApp,
  email: string,
  password: string,
  options: RequestOptions = {},
): Promise<GraphQLResponse<LoginMutation>> {
  return t.graphql(LoginDocument, { input: { email, password } }, options);
}

export async function loginOk(t: TestApp, email: string, password: string): Promise<AuthFieldsFragment> {
  return dataOf(await login(t, email, password)).login;
}

/** The SDK's `Me`: the signed-in user with their address book (null when anonymous). */
export function me(
  t: TestApp,
  token?: string,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<MeQuery>> {
  return t.graphql(MeDocument, {}, { token, ...(headers ? { headers } : {}) });
}

/** What `me` answers for an account whose address book is empty. */
export function meOf(account: Account): MeQuery {
  return { me: { ...account.user, addresses: [] } };
}

export function logout(t: TestApp, token?: string): Promise<GraphQLResponse<LogoutMutation>> {
  return t.graphql(LogoutDocument, {}, { token });
}

export function changePassword(
  t: TestApp,
  token: string | undefined,
  currentPassword: string,
  newPassword: string,
): Promise<GraphQLResponse<ChangePasswordMutation>> {
  return t.graphql(ChangePasswordDocument, { input: { currentPassword, newPassword } }, { token });
}

export function requestPasswordReset(
  t: TestApp,
  email: string,
): Promise<GraphQLResponse<RequestPasswordResetMutation>> {
  return t.graphql(RequestPasswordResetDocument, { input: { email } });
}

export function resetPassword(
  t: TestApp,
  token: string,
  newPassword: string,
): Promise<GraphQLResponse<ResetPasswordMutation>> {
  return t.graphql(ResetPasswordDocument, { input: { token, newPassword } });
}

export const validAddress = {
  fullName: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "GB",
} as const;

export function addAddress(
  t: TestApp,
  token: string | undefined,
  overrides: Partial<AddressInput> = {},
): Promise<GraphQLResponse<AddAddressMutation>> {
  return t.graphql(AddAddressDocument, { input: { ...validAddress, ...overrides } }, { token });
}

export async function addAddressOk(
  t: TestApp,
  token: string,
  overrides: Partial<AddressInput> = {},
): Promise<AddressFieldsFragment> {
  return dataOf(await addAddress(t, token, overrides)).addAddress;
}

export function deleteAddress(
  t: TestApp,
  token: string | undefined,
  id: string,
): Promise<GraphQLResponse<DeleteAddressMutation>> {
  return t.graphql(DeleteAddressDocument, { id }, { token });
}

type AccountNode =
  | ({ __typename: "User" } & UserFieldsFragment & { addresses: AddressFieldsFragment[] })
  | ({ __typename: "Address" } & AddressFieldsFragment);

const accountNodeDocument = typedDocument<{ node: AccountNode | null }, { id: string }>(
  `query AccountNode($id: ID!) {
    node(id: $id) { __typename id ... on User { ...UserFields addresses { ...AddressFields } } ... on Address { ...AddressFields } }
  }`,
  UserFieldsFragmentDoc,
  AddressFieldsFragmentDoc,
);

/** `node(id)` asking for every field of both account types. */
export function node(
  t: TestApp,
  id: string,
  token?: string,
): Promise<GraphQLResponse<{ node: AccountNode | null }>> {
  return t.graphql(accountNodeDocument, { id }, { token });
}

export function sha256(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}
