import { canSeeOwnedBy, type Viewer } from "../../auth/viewer";

/**
 * Who may see what of accounts, in one place: a user and their address book are seen by
 * that user and by staff. Lookups, field resolvers and `node(id)` all ask here.
 */
export function canSeeUser(viewer: Viewer, user: { id: string }): boolean {
  return canSeeOwnedBy(viewer, user.id);
}

export function canSeeAddress(viewer: Viewer, address: { userId: string | null }): boolean {
  return canSeeOwnedBy(viewer, address.userId);
}
