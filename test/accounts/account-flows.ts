import { createHash } from "node:crypto";
import type { GraphQLResponse, TestApp } from "../helpers/test-app";

/** GraphQL documents and flows shared by the accounts tests. */

export const userFields = "id email name roles createdAt";
export const addressFields = "id fullName line1 line2 city postalCode region country phone";

export interface UserData {
  id: string;
  email: string;
  name: string;
  roles: string[];
  createdAt: string;
}

export interface AddressData {
  id: string;
  fullName: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  region: string | null;
  country: string;
  phone: string | null;
}

export interface AuthData {
  token: string;
  user: UserData;
}

/** A registered account with everything a test needs to act as it. */
export interface Account extends AuthData {
  email: string;
  password: string;
}

export type RegisterFields = { email: string; password: string; name: string };
export type AddressInputData = Partial<Omit<AddressData, "id">>;

const defaultPassword = "correct horse battery";
let sequence = 0;

/** A fresh address per call, so tests (and the login throttle) never share accounts. */
export function uniqueEmail(prefix = "user"): string {
  sequence += 1;
  return `${prefix}.${process.pid}.${sequence}@example.com`;
}

export function register(
  t: TestApp,
  overrides: Partial<RegisterFields> = {},
): Promise<GraphQLResponse<{ register: AuthData }>> {
  const input = { email: uniqueEmail(), password: defaultPassword, name: "Ada Lovelace", ...overrides };
  return t.graphql(
    `mutation ($input: RegisterInput!) { register(input: $input) { token user { ${userFields} } } }`,
    { input },
  );
}

/** Throws with the GraphQL errors when a call that must succeed does not. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors || !response.data)
    throw new Error(`expected success, got ${response.status} ${JSON.stringify(response.errors)}`);
  return response.data;
}

export async function registerOk(t: TestApp, overrides: Partial<RegisterFields> = {}): Promise<Account> {
  const fields = { email: uniqueEmail(), password: defaultPassword, ...overrides };
  const { register: payload } = dataOf(await register(t, fields));
  return { ...payload, email: fields.email, password: fields.password };
}

export function login(
  t: TestApp,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<{ login: AuthData }>> {
  return t.graphql(
    `mutation ($input: LoginInput!) { login(input: $input) { token user { ${userFields} } } }`,
    { input: { email, password } },
    { headers },
  );
}

export async function loginOk(t: TestApp, email: string, password: string): Promise<AuthData> {
  return dataOf(await login(t, email, password)).login;
}

export function me(
  t: TestApp,
  token?: string,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<{ me: UserData | null }>> {
  return t.graphql(
    `{ me { ${userFields} } }`,
    {},
    { ...(token ? { token } : {}), ...(headers ? { headers } : {}) },
  );
}

export function logout(t: TestApp, token?: string): Promise<GraphQLResponse<{ logout: boolean }>> {
  return t.graphql("mutation { logout }", {}, token ? { token } : {});
}

export function changePassword(
  t: TestApp,
  token: string | undefined,
  currentPassword: string,
  newPassword: string,
): Promise<GraphQLResponse<{ changePassword: boolean }>> {
  return t.graphql(
    "mutation ($input: ChangePasswordInput!) { changePassword(input: $input) }",
    { input: { currentPassword, newPassword } },
    token ? { token } : {},
  );
}

export function requestPasswordReset(
  t: TestApp,
  email: string,
): Promise<GraphQLResponse<{ requestPasswordReset: boolean }>> {
  return t.graphql("mutation ($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) }", {
    input: { email },
  });
}

export function resetPassword(
  t: TestApp,
  token: string,
  newPassword: string,
): Promise<GraphQLResponse<{ resetPassword: AuthData }>> {
  return t.graphql(
    `mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { token user { ${userFields} } } }`,
    { input: { token, newPassword } },
  );
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
  overrides: AddressInputData = {},
): Promise<GraphQLResponse<{ addAddress: AddressData }>> {
  return t.graphql(
    `mutation ($input: AddressInput!) { addAddress(input: $input) { ${addressFields} } }`,
    { input: { ...validAddress, ...overrides } },
    token ? { token } : {},
  );
}

export async function addAddressOk(
  t: TestApp,
  token: string,
  overrides: AddressInputData = {},
): Promise<AddressData> {
  return dataOf(await addAddress(t, token, overrides)).addAddress;
}

export function deleteAddress(
  t: TestApp,
  token: string | undefined,
  id: string,
): Promise<GraphQLResponse<{ deleteAddress: boolean }>> {
  return t.graphql("mutation ($id: ID!) { deleteAddress(id: $id) }", { id }, token ? { token } : {});
}

/** `node(id)` asking for every field of both account types. */
export function node<T = Record<string, unknown>>(
  t: TestApp,
  id: string,
  token?: string,
): Promise<GraphQLResponse<{ node: T | null }>> {
  return t.graphql(
    `query ($id: ID!) { node(id: $id) { __typename id ... on User { ${userFields} addresses { ${addressFields} } } ... on Address { ${addressFields} } } }`,
    { id },
    token ? { token } : {},
  );
}

/** Written independently of src: base64 of `<Type>:<key>`. */
export function globalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, "utf8").toString("base64");
}

export function keyOf(id: string): string {
  return Buffer.from(id, "base64").toString("utf8").split(":")[1] ?? "";
}

export function sha256(token: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update(token, "utf8").digest());
}

/** Grants roles directly in the database (there is no API for it yet). */
export async function grantRoles(
  t: TestApp,
  account: Account,
  roles: ("CUSTOMER" | "STAFF" | "ADMIN")[],
): Promise<void> {
  await t.db.prisma.user.update({ where: { id: keyOf(account.user.id) }, data: { roles } });
}

export interface MailRecord {
  to: string;
  subject: string;
  text: string;
}

/** Emails the log transport wrote, oldest first. */
export function sentMail(t: TestApp, to?: string): MailRecord[] {
  return t.logs
    .map((record) => record.mail)
    .filter((mail): mail is MailRecord => typeof mail === "object" && mail !== null && "to" in mail)
    .filter((mail) => to === undefined || mail.to === to);
}

/** The reset token in the newest email sent to `to`. */
export function latestResetToken(t: TestApp, to: string): string {
  const mail = sentMail(t, to).at(-1);
  const token = mail && /\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no reset email with a token was sent to ${to}`);
  return token;
}

/** Asserts exactly one error with `code` (and, when given, naming `field`). */
export function expectError(response: GraphQLResponse<unknown>, code: string, field?: string): void {
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  if (field !== undefined) expect(response.errors?.[0]?.extensions?.field).toBe(field);
}

/** A request whose bearer credentials were refused before execution: HTTP 401, no data. */
export function expectRefusedToken(response: GraphQLResponse<unknown>): void {
  expect(response.status).toBe(401);
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
  expect(response.data ?? null).toBeNull();
}
