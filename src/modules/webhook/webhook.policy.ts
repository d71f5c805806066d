import type { Viewer } from "../../auth/viewer";

/** Endpoints name where the shop's data goes, and deliveries what went there: ADMIN's (and Bazaar's own) only. */
export function canSeeWebhooks(viewer: Viewer): boolean {
  return viewer.system !== undefined || viewer.roles.includes("ADMIN");
}
