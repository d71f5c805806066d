import { isIP } from "node:net";
import { BazaarError, ErrorCode } from "../graphql/errors";
import type { ApiClientCredentials, AuthenticatedApiClient } from "./api-client-credentials";
import type { ResolvedSession, SessionStore } from "./sessions";
import { anonymousViewer, type Viewer } from "./viewer";

/** The headers an API client sends its token and its shopper's address in. */
export const apiClientHeaders = {
  token: "bazaar-client-token",
  buyerIp: "bazaar-buyer-ip",
} as const;

/** What a request presents about who is calling (HTTP headers, or a socket's connection_init). */
export interface Credentials {
  /** `Bearer <session token>`: a signed-in user. */
  authorization?: string | undefined;
  /** `Bazaar-Client-Token`: an API client. */
  clientToken?: string | undefined;
  /** `Bazaar-Buyer-IP`: the shopper an API client acts for; ignored without a client token. */
  buyerIp?: string | undefined;
}

/** The credentials in a request's headers (Node joins a repeated header into one value, which then fails its check). */
export function credentialsFromHeaders(headers: Record<string, string | string[] | undefined>): Credentials {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  return {
    authorization: one("authorization"),
    clientToken: one(apiClientHeaders.token),
    buyerIp: one(apiClientHeaders.buyerIp),
  };
}

/** A Bazaar-Buyer-IP that is not an IP address: refused, never ignored (its shoppers would be counted as one). */
function badBuyerIp(): BazaarError {
  return new BazaarError(
    ErrorCode.BAD_USER_INPUT,
    "The Bazaar-Buyer-IP header must be an IPv4 or IPv6 address.",
    {
      field: "Bazaar-Buyer-IP",
      http: { status: 400 },
    },
  );
}

function buyerIpOf(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  const ip = header.trim().toLowerCase();
  if (isIP(ip) === 0) throw badBuyerIp();
  return ip;
}

/**
 * Who a request's credentials stand for, resolved once per request (and per subscription
 * event). How a session and an API client combine:
 * - neither: anonymous;
 * - a session alone: its user, with the user's roles;
 * - a client alone: the client, with the client's roles (none: storefront rights, as an
 *   anonymous caller has; STAFF: a staff member's rights, without being anyone);
 * - both: the session's user, with the USER's roles only. A session names the person
 *   acting, so the request is theirs: a storefront client carrying a buyer's session acts as
 *   that buyer, and a STAFF client carrying a customer's session does not lend the customer
 *   staff rights (nor the client the customer's identity). The client is still recorded as
 *   the channel (`apiClientId`) and its buyer address still counts for throttles.
 * Any credential that is present must be valid: a bad one is UNAUTHENTICATED, never ignored.
 */
export class ViewerResolver {
  constructor(
    private readonly sessions: SessionStore,
    private readonly apiClients: ApiClientCredentials,
  ) {}

  /** The viewer, and the row of the user acting (the session's; null without a session). */
  async resolve(credentials: Credentials): Promise<ResolvedSession> {
    // A client token header that is there is checked even when blank: a storefront whose
    // token setting came out empty must hear of it, not be served as anonymous.
    const { clientToken } = credentials;
    const [session, client] = await Promise.all([
      this.sessions.resolveSession(credentials.authorization),
      clientToken !== undefined ? this.apiClients.authenticate(clientToken.trim()) : undefined,
    ]);
    // Only a valid client may name a buyer: without one the header is not even read.
    if (!client) return session;
    return {
      viewer: actingThrough(session.viewer, client, buyerIpOf(credentials.buyerIp)),
      user: session.user,
    };
  }
}

function actingThrough(session: Viewer, client: AuthenticatedApiClient, buyerIp: string | undefined): Viewer {
  const acting = session.userId !== null ? session : { ...anonymousViewer, roles: client.roles };
  return Object.freeze({ ...acting, apiClientId: client.id, ...(buyerIp !== undefined ? { buyerIp } : {}) });
}
