import { createHmac, timingSafeEqual } from "node:crypto";
import { Prisma } from "../generated/prisma/client";
import { badUserInput } from "./errors";

/** A position in one ordering: the sort key values of the last row seen, id last. */
export type CursorValues = (string | number | null)[];

/**
 * Opaque, tamper-proof keyset cursors: base64url(JSON [ordering, ...values]) + "." + an
 * HMAC of it. A cursor made up or edited by a client, or issued for another ordering, is
 * refused instead of silently paging from somewhere else.
 */
export class CursorCodec {
  constructor(private readonly secret: string) {}

  private sign(payload: string): string {
    return createHmac("sha256", this.secret).update(payload).digest("base64url").slice(0, 22);
  }

  encode(ordering: string, values: CursorValues): string {
    const payload = Buffer.from(JSON.stringify([ordering, ...values]), "utf8").toString("base64url");
    return `${payload}.${this.sign(payload)}`;
  }

  /** @throws BAD_USER_INPUT naming `field` when the cursor is malformed, forged or for another ordering. */
  decode(cursor: string, ordering: string, field = "after"): CursorValues {
    const invalid = badUserInput(`${field} is not a valid cursor for this list.`, field);
    const [payload, signature, extra] = cursor.split(".");
    if (!payload || !signature || extra !== undefined || cursor.length > 512) throw invalid;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw invalid;
    }
    if (!Array.isArray(parsed) || parsed[0] !== ordering) throw invalid;
    return parsed.slice(1) as CursorValues;
  }
}

/**
 * How a row of a newest-first list keyed by (createdAt, id) becomes an edge: the row itself,
 * and its cursor, signed only if the client selects it.
 */
export function newestFirstEdge<R extends { createdAt: Date; id: string }>(
  cursors: CursorCodec,
  scope: string,
): (row: R) => { node: R; cursor: () => string } {
  return (row) => ({ node: row, cursor: () => cursors.encode(scope, [row.createdAt.toISOString(), row.id]) });
}

/** Where a newest-first list keyed by (createdAt, id) goes on after a decoded cursor: a Prisma `where`. */
export type NewestFirstSeek =
  { OR: [{ createdAt: { lt: Date } }, { createdAt: Date; id: { lt: string } }] } | Record<string, never>;

/** The rows after `after`'s position in a newest-first list (everything when `after` is null). */
export function newestFirstSeek(after: CursorValues | null): NewestFirstSeek {
  if (!after) return {};
  const createdAt = new Date(String(after[0]));
  return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: String(after[1]) } }] };
}

/** The same seek for raw SQL: the rows of `table` (an alias) after `after`'s position. */
export function newestFirstSeekSql(after: CursorValues, table: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${table}.created_at, ${table}.id) < (CAST(${String(after[0])} AS timestamptz), CAST(${String(after[1])} AS uuid))`;
}
