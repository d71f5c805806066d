import type { Role } from "../generated/prisma/enums";

/**
 * Who is calling: resolved once per request from its credentials (a session's bearer token,
 * an API client's token, or both: see `ViewerResolver` for how they combine).
 */
export interface Viewer {
  userId: string | null;
  roles: readonly Role[];
  /** The session the request authenticated with (so logout can revoke just it). */
  sessionId: string | null;
  /** Set when Bazaar itself acts (a job, a script): the name of that work. */
  system?: string;
  /** The API client whose token the request carried (`Bazaar-Client-Token`): what acted, or carried the buyer who did. */
  apiClientId?: string;
  /**
   * The shopper's IP the API client named (`Bazaar-Buyer-IP`, honoured only with a valid
   * client token): budgets and login throttles count that shopper apart under the client.
   */
  buyerIp?: string;
}

export const anonymousViewer: Viewer = Object.freeze({ userId: null, roles: [], sessionId: null });

/** Staff (and Bazaar's own work) see the whole shop: archived products, every order. */
export function isStaff(viewer: Viewer): boolean {
  return viewer.system !== undefined || viewer.roles.includes("STAFF") || viewer.roles.includes("ADMIN");
}

/** May the viewer see data that belongs to `ownerId`? Owners and staff may. */
export function canSeeOwnedBy(viewer: Viewer, ownerId: string | null): boolean {
  return (ownerId !== null && viewer.userId === ownerId) || isStaff(viewer);
}
