import type { Role } from "../generated/prisma/enums";

/** Who is calling: resolved once per request from the bearer token. */
export interface Viewer {
  userId: string | null;
  roles: readonly Role[];
  /** The session the request authenticated with (so logout can revoke just it). */
  sessionId: string | null;
}

export const anonymousViewer: Viewer = Object.freeze({ userId: null, roles: [], sessionId: null });

export function isStaff(viewer: Viewer): boolean {
  return viewer.roles.includes("STAFF") || viewer.roles.includes("ADMIN");
}

/** May the viewer see data that belongs to `ownerId`? Owners and staff may. */
export function canSeeOwnedBy(viewer: Viewer, ownerId: string | null): boolean {
  return (ownerId !== null && viewer.userId === ownerId) || isStaff(viewer);
}
