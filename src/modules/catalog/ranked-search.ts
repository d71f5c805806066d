import { Prisma } from "../../generated/prisma/client";
import type { CursorValues } from "../../graphql/cursor";
import { keysetOrder, pastCursor, type OrderingSpec } from "./product-ordering";
import { productColumns } from "./product-rows";

/**
 * RELEVANCE ranks a bounded candidate set: the first `rankLimit` products that match (and
 * meet the filters) in the order the plan reads them — a bitmap scan of the search index
 * or a TID range scan, both in the table's storage order. Ranking every match costs a heap
 * read per match: a common word at 1M products matched 13,000–60,000 and took 0.2–0.5 s;
 * 500 candidates cost 3–10 ms, ~3 ms of it the index's bitmap of all matches, which still
 * grows with them. The same search over the same data gets the same candidates, on every
 * page (the cursor seeks among them), so pages never repeat or skip a product; the list,
 * and its `totalCount`, end after `rankLimit` products.
 *
 * `p.ctid >= '(0,0)'` (every row) keeps a plain sequential scan out of the plan (a TID
 * range scan is never dearer): with `synchronize_seqscans` a sequential scan starts wherever
 * another scan of the table has got to, and would pick other candidates on each request.
 */
function candidates(columns: Prisma.Sql, conditions: Prisma.Sql[], rankLimit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT ${columns} FROM products p
    WHERE ${Prisma.join([...conditions, Prisma.sql`p.ctid >= '(0,0)'::tid`], " AND ")}
    LIMIT ${rankLimit}`;
}

/** ONE statement: the page of the ranked candidates after the cursor (`ordering` is RELEVANCE's). */
export function selectRankedPage(
  ordering: OrderingSpec,
  conditions: Prisma.Sql[],
  after: CursorValues | null,
  limit: number,
  rankLimit: number,
): Prisma.Sql {
  const key = Prisma.sql`candidate.sort_key`;
  const id = Prisma.sql`candidate.id`;
  return Prisma.sql`
    SELECT candidate.* FROM (
      ${candidates(Prisma.sql`${productColumns}, ${ordering.key} AS sort_key`, conditions, rankLimit)}
    ) candidate
    ${after ? Prisma.sql`WHERE ${pastCursor(ordering, after, key, id)}` : Prisma.empty}
    ORDER BY ${keysetOrder(ordering, key, id)}
    LIMIT ${limit}`;
}

/** How many products the ranked list holds: the matches, up to `rankLimit`. */
export function countRankedCandidates(conditions: Prisma.Sql[], rankLimit: number): Prisma.Sql {
  return Prisma.sql`
    SELECT count(*)::int AS count FROM (${candidates(Prisma.sql`1`, conditions, rankLimit)}) candidate`;
}
