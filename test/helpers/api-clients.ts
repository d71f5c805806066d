import {
  ApiClientsDocument,
  CreateApiClientDocument,
  RevokeApiClientDocument,
  type ApiClientsQuery,
  type CreateApiClientInput,
  type CreateApiClientMutation,
  type RevokeApiClientMutation,
  type Role,
} from "../../client";
import { createApiClientToken } from "../../src/auth/api-client-credentials";
import { globalId } from "./ids";
import { inputMutation } from "./operations";
import { dataOf } from "./results";
import type { GraphQLResponse, RequestOptions, TestApp } from "./test-app";

/** API clients through the SDK's operations (client/operations/api-clients.graphql), and requests made as one. */

export type CreatedApiClient = CreateApiClientMutation["createApiClient"];

export const createApiClient = inputMutation(CreateApiClientDocument);

export async function createApiClientOk(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
  input: CreateApiClientInput,
): Promise<CreatedApiClient> {
  return dataOf(await createApiClient(t, adminToken, input)).createApiClient;
}

export function revokeApiClient(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
  id: string,
): Promise<GraphQLResponse<RevokeApiClientMutation>> {
  return t.graphql(RevokeApiClientDocument, { id }, { token });
}

export function apiClients(
  t: Pick<TestApp, "graphql">,
  token: string | undefined,
): Promise<GraphQLResponse<ApiClientsQuery>> {
  return t.graphql(ApiClientsDocument, {}, { token });
}

/** A client written straight to the database (quicker than the API, for tests of what it may do). */
export async function seedApiClient(
  t: Pick<TestApp, "db">,
  roles: Role[] = [],
): Promise<{ id: string; key: string; token: string }> {
  const { token, hash } = createApiClientToken();
  const row = await t.db.prisma.apiClient.create({
    data: { name: `Seeded ${roles.join("+") || "storefront"}`, roles, tokenHash: hash },
    select: { id: true },
  });
  return { id: globalId("ApiClient", row.id), key: row.id, token };
}

/**
 * Request options for a call made by an API client (`Bazaar-Client-Token`), for the shopper
 * at `buyerIp` when given, and with a buyer's session when `session` is given.
 */
export function asClient(
  clientToken: string,
  { buyerIp, session }: { buyerIp?: string; session?: string } = {},
): RequestOptions {
  return {
    token: session,
    headers: {
      "bazaar-client-token": clientToken,
      ...(buyerIp !== undefined ? { "bazaar-buyer-ip": buyerIp } : {}),
    },
  };
}
