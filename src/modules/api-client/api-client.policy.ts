import type { Viewer } from "../../auth/viewer";

/** API clients are the shop owner's: only ADMIN sees them (their names and rights included). */
export function canSeeApiClients(viewer: Viewer): boolean {
  return viewer.system !== undefined || viewer.roles.includes("ADMIN");
}
