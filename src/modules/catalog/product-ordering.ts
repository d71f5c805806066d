import { Prisma } from "../../generated/prisma/client";
import type { CursorValues } from "../../graphql/cursor";

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

export interface OrderingSpec {
  /** The sort key over products aliased `p` (the id follows it); its SQL type casts the cursor value back. */
  key: Prisma.Sql;
  keyType: Prisma.Sql;
  direction: "ASC" | "DESC";
}

/** The tsquery of a search, as the search index and the ranking read it. */
export function searchQuery(search: string): Prisma.Sql {
  return Prisma.sql`websearch_to_tsquery('english', ${search})`;
}

export function orderingSpec(ordering: ProductOrdering, search: string | null): OrderingSpec {
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
        key: Prisma.sql`ts_rank(p.search_vector, ${searchQuery(search ?? "")})`,
        keyType: Prisma.sql`real`,
        direction: "DESC",
      };
  }
}

/**
 * The keyset seek: rows whose (sort key, id) come after the cursor's in the ordering's one
 * direction, so an index on (key, id) is entered at the cursor. `key` and `id` name the
 * columns where the query reads them (`spec.key` and `p.id` on the table itself).
 */
export function pastCursor(
  spec: OrderingSpec,
  after: CursorValues,
  key: Prisma.Sql = spec.key,
  id: Prisma.Sql = Prisma.sql`p.id`,
): Prisma.Sql {
  const comparator = spec.direction === "DESC" ? Prisma.sql`<` : Prisma.sql`>`;
  return Prisma.sql`(${key}, ${id}) ${comparator} (CAST(${after[0]} AS ${spec.keyType}), CAST(${after[1]} AS uuid))`;
}

/** The `ORDER BY` list: sort key then id, both in the ordering's direction (`key`, `id` as in `pastCursor`). */
export function keysetOrder(
  spec: OrderingSpec,
  key: Prisma.Sql = spec.key,
  id: Prisma.Sql = Prisma.sql`p.id`,
): Prisma.Sql {
  const direction = spec.direction === "DESC" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  return Prisma.sql`${key} ${direction}, ${id} ${direction}`;
}
