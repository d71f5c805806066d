import { isStaff, type Viewer } from "../../auth/viewer";

/**
 * Who may see what of the catalog, in one place. Categories are public; archived products
 * (and their variants and reviews) are gone from the shop, but staff and orders still read them.
 */
export function canSeeArchivedProducts(viewer: Viewer): boolean {
  return isStaff(viewer);
}

export function canSeeProduct(viewer: Viewer, product: { archivedAt: Date | null }): boolean {
  return product.archivedAt === null || canSeeArchivedProducts(viewer);
}

/** A variant is as visible as its product. */
export const canSeeVariantOf = canSeeProduct;
