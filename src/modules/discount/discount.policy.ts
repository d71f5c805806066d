import { isStaff, type Viewer } from "../../auth/viewer";

/** Discount codes are staff's: a customer who could list them could use them all. */
export function canSeeDiscountCodes(viewer: Viewer): boolean {
  return isStaff(viewer);
}
