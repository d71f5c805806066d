import { connectionType, type Connection, type Page } from "../../graphql/connection";
import type { ProductRow } from "./product-rows";
import { ProductType } from "./product.type";

export const ProductConnection = connectionType(ProductType, "Product");

export function toProductConnection(page: Page<ProductRow>, currencyCode: string): Connection<ProductType> {
  return ProductConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({ node: ProductType.from(node, currencyCode), cursor })),
  });
}
