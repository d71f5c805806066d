import type { PrismaClient } from "../db/prisma-client";
import type { Role } from "../generated/prisma/enums";
import { invalidCredentials } from "../graphql/errors";
import type { ApiClientLastUse } from "./api-client-last-use";
import {
  createOpaqueToken,
  hashOpaqueToken,
  isWellFormedOpaqueToken,
  type OpaqueToken,
} from "./opaque-token";

/** What every API client token starts with. */
export const apiClientTokenPrefix = "bzc_";

/**
 * A new client token: 256 random bits after `bzc_`. The database keeps its SHA-256 only. A
 * fast hash is enough here, unlike for passwords: what makes a slow hash worth its cost is a
 * guessable secret, and 2^256 possible tokens cannot be guessed however fast each guess is.
 * It also lets every request find its client by an indexed lookup of the hash, which a
 * salted password hash could not.
 */
export function createApiClientToken(): OpaqueToken {
  return createOpaqueToken(apiClientTokenPrefix);
}

/** The client a request's `Bazaar-Client-Token` stands for. */
export interface AuthenticatedApiClient {
  id: string;
  roles: Role[];
}

const refused = "The API client token is invalid or revoked.";

/**
 * Finds the client of a token on every request, with one indexed lookup and no cache, so a
 * revocation holds on every node from its commit on.
 */
export class ApiClientCredentials {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly lastUse: ApiClientLastUse,
  ) {}

  /**
   * @throws UNAUTHENTICATED (HTTP 401) for a malformed, unknown or revoked token: a request
   *   that sent one is never served as anonymous.
   */
  async authenticate(token: string): Promise<AuthenticatedApiClient> {
    if (!isWellFormedOpaqueToken(token, apiClientTokenPrefix)) throw invalidCredentials(refused);
    const [client] = await this.prisma.$queryRaw<(AuthenticatedApiClient & { revokedAt: Date | null })[]>`
      SELECT id, roles::text[] AS roles, revoked_at AS "revokedAt"
      FROM api_clients WHERE token_hash = ${hashOpaqueToken(token)}`;
    if (!client || client.revokedAt !== null) throw invalidCredentials(refused);
    await this.lastUse.used(client.id);
    return { id: client.id, roles: client.roles };
  }
}
