import { formatMinorUnits } from "../../graphql/money";
import { auditedId, type AuditedFields } from "../audit/audit-changes";
import type { CategoryRow } from "./category-rows";
import type { ProductRow } from "./product-rows";
import type { VariantRow } from "./variant-rows";

/** What staff set on a product, as the API names it: the audit log's view of one. */
export function auditedProduct(
  product: Pick<ProductRow, "name" | "description" | "imageUrls" | "categoryId" | "taxClassId">,
): AuditedFields {
  return {
    name: product.name,
    description: product.description,
    imageUrls: product.imageUrls,
    categoryId: auditedId("Category", product.categoryId),
    taxClassId: auditedId("TaxClass", product.taxClassId),
  };
}

export function auditedVariant(
  variant: Pick<VariantRow, "sku" | "name" | "priceAmount" | "quantityAvailable">,
): AuditedFields {
  return {
    sku: variant.sku,
    name: variant.name,
    price: formatMinorUnits(variant.priceAmount),
    quantityAvailable: variant.quantityAvailable,
  };
}

export function auditedCategory(category: CategoryRow): AuditedFields {
  return { name: category.name, slug: category.slug, parentId: auditedId("Category", category.parentId) };
}
