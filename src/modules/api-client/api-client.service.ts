import { createApiClientToken } from "../../auth/api-client-credentials";
import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { Role } from "../../generated/prisma/enums";
import { badUserInput, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { recordCreation, recordUpdate } from "../audit/record-audit";
import type { CreateApiClientInput } from "./api-client.inputs";
import { apiClientSelect, type ApiClientRow } from "./api-client.type";

export interface CreatedApiClient {
  client: ApiClientRow;
  /** The only time the token exists outside the caller's hands: the database keeps its hash. */
  token: string;
}

/**
 * The roles a client may hold, each once. CUSTOMER is not one: it means "a user with an
 * account", which only a buyer's session can stand for.
 */
function clientRoles(roles: readonly Role[]): Role[] {
  if (roles.includes("CUSTOMER"))
    throw badUserInput(
      "roles may hold STAFF and ADMIN only: a customer's rights come with a buyer's session.",
      "roles",
    );
  return [...new Set(roles)];
}

/** ADMIN's administration of API clients (who authenticates them: `ApiClientCredentials`). */
export class ApiClientService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
  ) {}

  /** Every client, revoked ones too, newest first. */
  listApiClients(_ctx: RequestContext): Promise<ApiClientRow[]> {
    return this.prisma.apiClient.findMany({
      select: apiClientSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  /** A new client and its token; the audit entry names the client, never the token. */
  createApiClient(ctx: RequestContext, input: CreateApiClientInput): Promise<CreatedApiClient> {
    const name = input.name.trim();
    const roles = clientRoles(input.roles ?? []);
    const { token, hash } = createApiClientToken();
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const client = await transactionOf(ctx).apiClient.create({
        data: { name, roles, tokenHash: hash },
        select: apiClientSelect,
      });
      await recordCreation(ctx, "api_client.create", { type: "ApiClient", key: client.id }, { name, roles });
      return { client, token };
    });
  }

  /**
   * Revokes the client: from the commit on, every node refuses its token (each request looks
   * it up). Revoking it again changes nothing and answers the client as it is, with the
   * time of the first revocation.
   */
  revokeApiClient(ctx: RequestContext, id: string): Promise<ApiClientRow> {
    const key = keyFromGlobalId(id, "ApiClient", "id");
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const { count } = await tx.apiClient.updateMany({
        where: { id: key, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      const client = await tx.apiClient.findUnique({ where: { id: key }, select: apiClientSelect });
      if (!client) throw notFound("API client");
      // Revoking twice changes nothing, and is not recorded twice.
      if (count > 0)
        await recordUpdate(
          ctx,
          "api_client.revoke",
          { type: "ApiClient", key },
          { revokedAt: null },
          { revokedAt: client.revokedAt },
        );
      return client;
    });
  }
}
