/**
 * How Bazaar closes a subscription socket (codes 4000–4999 are the application's; graphql-ws
 * uses some of them itself, e.g. 4400 for a malformed message, 4403 Forbidden, 4500).
 */
export const SocketCloseCode = {
  /** The server is shutting down: reconnect (to another node) later. */
  GoingAway: 1001,
  /**
   * The token is malformed, expired or revoked (logout, password change): sign in again.
   * graphql-ws's own "Forbidden", which it also sends when connection_init is refused.
   */
  BadCredentials: 4403,
  /** This IP already holds as many sockets as it may. */
  TooManySockets: 4429,
  /** The database could not be reached to check the viewer: retry shortly. */
  ServiceUnavailable: 1013,
} as const;
