import { Prisma } from "../../generated/prisma/client";
import type { CursorValues } from "../../graphql/cursor";
import { selectSubtreeCounts, selectSubtreePages } from "./category-subtrees";
import {
  keysetOrder,
  orderingSpec,
  pastCursor,
  searchQuery,
  type OrderingSpec,
  type ProductOrdering,
} from "./product-ordering";
import { productColumns, type ProductRow } from "./product-rows";
import { countRankedCandidates, selectRankedPage } from "./ranked-search";

export interface ProductListQuery {
  ordering: ProductOrdering;
  /** Restrict to this category (and, with `includeSubcategories`, every category below it). */
  categoryId: string | null;
  includeSubcategories: boolean;
  minPrice: number | null;
  maxPrice: number | null;
  inStock: boolean | null;
  search: string | null;
  includeArchived: boolean;
  /** RELEVANCE ranks at most this many matches (see ranked-search.ts). */
  rankLimit: number;
}

/** What a listed product meets besides its category. */
function filterConditions(query: ProductListQuery): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  if (!query.includeArchived) conditions.push(Prisma.sql`p.archived_at IS NULL`);
  // Price filters bound the product's "from" price (its cheapest variant), the price a
  // listing shows: a range on one column, which the price index serves directly (filtering
  // on the dearest variant too measured 0.4–1.9 s at 1M products, against 0.2 ms).
  if (query.minPrice !== null) conditions.push(Prisma.sql`p.min_price_amount >= ${query.minPrice}`);
  if (query.maxPrice !== null) conditions.push(Prisma.sql`p.min_price_amount <= ${query.maxPrice}`);
  if (query.inStock !== null) conditions.push(Prisma.sql`p.in_stock = ${query.inStock}`);
  if (query.search !== null) conditions.push(Prisma.sql`p.search_vector @@ ${searchQuery(query.search)}`);
  return conditions;
}

/**
 * A filtered list of a subtree is not merged category by category: a filter can leave a
 * sub-category with few or no products that pass (prices cluster by category), and its own
 * walk would then read its whole index to fill a page; one walk of the catalog's sort index
 * reads only as far as it takes to find the page in all of them together (at 1M products,
 * 2,900 rows read against 133,000 for a 20.00 price cap on a root of three sub-categories).
 */
function isFiltered(query: ProductListQuery): boolean {
  return (
    query.minPrice !== null || query.maxPrice !== null || query.inStock !== null || query.search !== null
  );
}

/** Every condition of the list, its category included, for reads that do not go category by category. */
function allConditions(query: ProductListQuery): Prisma.Sql[] {
  if (query.categoryId === null) return filterConditions(query);
  const category = query.includeSubcategories
    ? Prisma.sql`p.category_id IN (
        WITH RECURSIVE tree AS (
          SELECT id FROM categories WHERE id = ${query.categoryId}::uuid
          UNION ALL SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
        ) SELECT id FROM tree)`
    : Prisma.sql`p.category_id = ${query.categoryId}::uuid`;
  return [category, ...filterConditions(query)];
}

function whereAll(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}`;
}

/** A listed product with the value of its sort key, for the next cursor. */
export type ListedProductRow = ProductRow & { sortKey: string | number };

/**
 * A row of a page statement: the sort key comes as the database gives it; a subtree page's
 * rows also name the root category they were listed under.
 */
export type RawListedProduct = ProductRow & { sort_key: string | number | Date; rootId?: string };

/**
 * ONE statement for one page: filters, then a keyset seek past the cursor on (sort key, id)
 * in a single direction, so PostgreSQL walks the matching index from the cursor and stops
 * after `limit` rows — the same cost at row 10 and row 10 million. A category with its
 * sub-categories, unfiltered, merges each category's own page (category-subtrees.ts);
 * RELEVANCE ranks a bounded set of matches (ranked-search.ts). `extraColumns` (", …", e.g.
 * relations as JSON, over products aliased `p`) are computed for the page's rows only.
 */
export function selectProductPage(
  query: ProductListQuery,
  after: CursorValues | null,
  limit: number,
  extraColumns: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  const spec = orderingSpec(query.ordering, query.search);
  if (query.ordering === "RELEVANCE") {
    const page = selectRankedPage(spec, allConditions(query), after, limit, query.rankLimit);
    return withColumnsOfPage(page, spec, extraColumns);
  }
  const seek = after ? [pastCursor(spec, after)] : [];
  if (query.categoryId !== null && query.includeSubcategories && !isFiltered(query)) {
    const page = selectSubtreePages([query.categoryId], {
      ordering: spec,
      conditions: [...filterConditions(query), ...seek],
      limit,
    });
    return withColumnsOfPage(page, spec, extraColumns);
  }
  // The select list's subqueries run above the LIMIT: for the page's rows only.
  return Prisma.sql`
    SELECT ${productColumns}, ${spec.key} AS sort_key${extraColumns}
    FROM products p
    ${whereAll([...allConditions(query), ...seek])}
    ORDER BY ${keysetOrder(spec)}
    LIMIT ${limit}`;
}

/**
 * `extraColumns` for a page built in subqueries (merged or ranked), on the page's rows
 * only: the page joined back to its products, by primary key, and kept in its order.
 */
export function withColumnsOfPage(
  page: Prisma.Sql,
  spec: OrderingSpec,
  extraColumns: Prisma.Sql,
): Prisma.Sql {
  if (extraColumns === Prisma.empty) return page;
  return Prisma.sql`
    SELECT page.*${extraColumns} FROM (${page}) page JOIN products p ON p.id = page.id
    ORDER BY ${keysetOrder(spec, Prisma.sql`page.sort_key`, Prisma.sql`page.id`)}`;
}

/**
 * The list's `totalCount`, exact. Unfiltered but for visibility and category it is an
 * index-only scan of the listed products' category index (`products_listed_category_idx`);
 * a subtree is counted category by category. RELEVANCE counts its bounded candidates.
 */
export function countProducts(query: ProductListQuery): Prisma.Sql {
  if (query.ordering === "RELEVANCE") return countRankedCandidates(allConditions(query), query.rankLimit);
  if (query.categoryId !== null && query.includeSubcategories) {
    return selectSubtreeCounts([query.categoryId], filterConditions(query));
  }
  return Prisma.sql`SELECT count(*)::int AS count FROM products p ${whereAll(allConditions(query))}`;
}

export function toListedProductRow({
  sort_key: sortKey,
  rootId: _rootId,
  ...row
}: RawListedProduct): ListedProductRow {
  return { ...row, sortKey: sortKey instanceof Date ? sortKey.toISOString() : sortKey };
}
