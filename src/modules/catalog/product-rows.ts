import { Prisma } from "../../generated/prisma/client";
import type { ProductRow } from "./product.type";

/**
 * A product's columns as every read selects them (aliased `p`), in raw SQL: Prisma's
 * `findMany` spends several times the statement's own cost building and mapping the query
 * (measured on the storefront workloads), and these reads run on every catalog request.
 * Image URLs come as JSON: parsed natively instead of by the driver's text-array parser.
 */
export const productColumns = Prisma.sql`p.id, p.name, p.slug, p.description, array_to_json(p.image_urls) AS image_urls,
  p.category_id, p.min_price_amount, p.max_price_amount, p.in_stock, p.rating_count, p.rating_sum,
  p.archived_at, p.created_at`;

/** A row of `productColumns`. */
export interface RawProduct {
  id: string;
  name: string;
  slug: string;
  description: string;
  image_urls: string[];
  category_id: string | null;
  min_price_amount: number;
  max_price_amount: number;
  in_stock: boolean;
  rating_count: number;
  rating_sum: number;
  archived_at: Date | null;
  created_at: Date;
}

export function toProductRow(raw: RawProduct): ProductRow {
  return {
    id: raw.id,
    name: raw.name,
    slug: raw.slug,
    description: raw.description,
    imageUrls: raw.image_urls,
    categoryId: raw.category_id,
    minPriceAmount: raw.min_price_amount,
    maxPriceAmount: raw.max_price_amount,
    inStock: raw.in_stock,
    ratingCount: raw.rating_count,
    ratingSum: raw.rating_sum,
    archivedAt: raw.archived_at,
    createdAt: raw.created_at,
  };
}

/** Products by id or by slug (archived ones included: visibility is the caller's check). */
export function selectProductsBy(key: "id" | "slug", values: readonly string[]): Prisma.Sql {
  const match = key === "id" ? Prisma.sql`p.id = ANY(CAST(${values} AS uuid[]))` : Prisma.sql`p.slug = ANY(CAST(${values} AS text[]))`;
  return Prisma.sql`SELECT ${productColumns} FROM products p WHERE ${match}`;
}
