import { isStaff, type Viewer } from "../../auth/viewer";

/** Zones are public; an inactive method is staff's business only (checkout never offers it). */
export function canSeeShippingMethod(viewer: Viewer, method: { active: boolean }): boolean {
  return method.active || isStaff(viewer);
}
