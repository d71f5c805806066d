import type { Viewer } from "../../auth/viewer";
import { canSeeProduct } from "../catalog/catalog.policy";

/** A review is as visible as its product: archiving a product hides its reviews too. */
export function canSeeReviewOf(viewer: Viewer, product: { archivedAt: Date | null }): boolean {
  return canSeeProduct(viewer, product);
}
