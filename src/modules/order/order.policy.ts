import { canSeeOwnedBy, type Viewer } from "../../auth/viewer";

/**
 * Who may see an order (and its payments): its customer and staff; a guest order, whoever
 * holds its id (it is handed only to the guest who checked out, and a UUID cannot be
 * guessed). Another customer's order must look absent: NOT_FOUND, or null from `node`.
 */
export function canSeeOrder(viewer: Viewer, order: { userId: string | null }): boolean {
  return order.userId === null || canSeeOwnedBy(viewer, order.userId);
}
