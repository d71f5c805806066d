import type { Viewer } from "../../auth/viewer";

/**
 * Who may use a cart: a guest cart belongs to whoever holds its id (an unguessable UUID);
 * a customer's cart to that customer alone — staff do not browse carts. Bazaar's own work
 * (a job) may. Someone else's cart must look absent, never forbidden.
 */
export function canSeeCart(viewer: Viewer, cart: { userId: string | null }): boolean {
  return cart.userId === null || cart.userId === viewer.userId || viewer.system !== undefined;
}
