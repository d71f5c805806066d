import { Prisma } from "../../generated/prisma/client";
import type { CursorValues } from "../../graphql/cursor";
import { productColumns, type ProductRow } from "./product-rows";

/** Every way a product list can be ordered: all stable (id breaks ties), all index-backed. */
export const ProductOrdering = {
  NEWEST: "NEWEST",
  PRICE_ASC: "PRICE_ASC",
  PRICE_DESC: "PRICE_DESC",
  NAME_ASC: "NAME_ASC",
  RATING_DESC: "RATING_DESC",
  RELEVANCE: "RELEVANCE",
} as const;
export type ProductOrdering = (typeof ProductOrdering)[keyof typeof ProductOrdering];

interface OrderingSpec {
  /** The sort key (the id follows it); its SQL type casts the cursor value back. */
  key: Prisma.Sql;
  keyType: Prisma.Sql;
  direction: "ASC" | "DESC";
}

function orderingSpec(ordering: ProductOrdering, search: string | null): OrderingSpec {
  switch (ordering) {
    case "NEWEST":
      return { key: Prisma.sql`p.created_at`, keyType: Prisma.sql`timestamptz`, direction: "DESC" };
    case "PRICE_ASC":
      return { key: Prisma.sql`p.min_price_amount`, keyType: Prisma.sql`integer`, direction: "ASC" };
    case "PRICE_DESC":
      return { key: Prisma.sql`p.min_price_amount`, keyType: Prisma.sql`integer`, direction: "DESC" };
    case "NAME_ASC":
      return { key: Prisma.sql`p.name`, keyType: Prisma.sql`text`, direction: "ASC" };
    case "RATING_DESC":
      return { key: Prisma.sql`p.rating_average`, keyType: Prisma.sql`double precision`, direction: "DESC" };
    case "RELEVANCE":
      return {
        key: Prisma.sql`ts_rank(p.search_vector, websearch_to_tsquery('english', ${search ?? ""}))`,
        keyType: Prisma.sql`real`,
        direction: "DESC",
      };
  }
}

export interface ProductListQuery {
  ordering: ProductOrdering;
  /** Restrict to these category ids (already expanded to sub-categories when asked). */
  categoryId: string | null;
  includeSubcategories: boolean;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
  search: string | null;
  includeArchived: boolean;
}

function whereClause(query: ProductListQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (!query.includeArchived) conditions.push(Prisma.sql`p.archived_at IS NULL`);
  if (query.categoryId !== null) {
    conditions.push(
      query.includeSubcategories
        ? Prisma.sql`p.category_id IN (
            WITH RECURSIVE tree AS (
              SELECT id FROM categories WHERE id = ${query.categoryId}::uuid
              UNION ALL SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
            ) SELECT id FROM tree)`
        : Prisma.sql`p.category_id = ${query.categoryId}::uuid`,
    );
  }
  // Price filters bound the product's "from" price (its cheapest variant), the price a
  // listing shows: a range on one column, which the price index serves directly (filtering
  // on the dearest variant too measured 0.4–1.9 s at 1M products, against 0.2 ms).
  if (query.minPrice !== null) conditions.push(Prisma.sql`p.min_price_amount >= ${query.minPrice}`);
  if (query.maxPrice !== null) conditions.push(Prisma.sql`p.min_price_amount <= ${query.maxPrice}`);
  if (query.inStock !== null) conditions.push(Prisma.sql`p.in_stock = ${query.inStock}`);
  if (query.search !== null) {
    conditions.push(Prisma.sql`p.search_vector @@ websearch_to_tsquery('english', ${query.search})`);
  }
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

/** A listed product with the value of its sort key, for the next cursor. */
export type ListedProductRow = ProductRow & { sortKey: string | number };

/** A row of `selectProductPage`: the sort key comes as the database gives it. */
export type RawListedProduct = ProductRow & { sort_key: string | number | Date };

/**
 * ONE statement for one page: filters, then a keyset seek past the cursor on
 * (sort key, id) in a single direction, so PostgreSQL walks the matching index from the
 * cursor and stops after `limit` rows — the same cost at row 10 and row 10 million.
 * `extraColumns` (", …", e.g. relations as JSON) are computed for the page's rows only:
 * PostgreSQL evaluates such subqueries above the LIMIT.
 */
export function selectProductPage(
  query: ProductListQuery,
  after: CursorValues | null,
  limit: number,
  extraColumns: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const spec = orderingSpec(query.ordering, query.search);
  const where = whereClause(query);
  const comparator = spec.direction === "DESC" ? Prisma.sql`<` : Prisma.sql`>`;
  const seek = after
    ? Prisma.sql`${where === Prisma.empty ? Prisma.sql`WHERE` : Prisma.sql`AND`}
        (${spec.key}, p.id) ${comparator} (CAST(${after[0]} AS ${spec.keyType}), CAST(${after[1]} AS uuid))`
    : Prisma.empty;
  const direction = spec.direction === "DESC" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return Prisma.sql`
    SELECT ${productColumns}, ${spec.key} AS sort_key${extraColumns}
    FROM products p
    ${where} ${seek}
    ORDER BY ${spec.key} ${direction}, p.id ${direction}
    LIMIT ${limit}`;
}

export function countProducts(query: ProductListQuery): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS count FROM products p ${whereClause(query)}`;
}

export function toListedProductRow({ sort_key: sortKey, ...row }: RawListedProduct): ListedProductRow {
  return { ...row, sortKey: sortKey instanceof Date ? sortKey.toISOString() : sortKey };
}
