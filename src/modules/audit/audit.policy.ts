import type { Viewer } from "../../auth/viewer";

/** The audit log tells who did what to the shop: ADMIN's (and Bazaar's own) to read. */
export function canReadAuditLog(viewer: Viewer): boolean {
  return viewer.system !== undefined || viewer.roles.includes("ADMIN");
}
