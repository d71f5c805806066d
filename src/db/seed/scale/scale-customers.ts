import type pg from "pg";
import { PasswordHasher } from "../../../auth/passwords";
import { draw, salt } from "./draw";
import { firstNames, lastNames } from "./scale-words";

/** Every synthetic customer signs in with this, so any of them can be used to try the shop. */
export const scaleCustomerPassword = "bazaar-shopper";

/** The customers who write the scale seed's reviews, in a fixed order the SQL indexes into. */
export interface Reviewers {
  ids: string[];
  names: string[];
}

/**
 * Inserts `count` customer accounts in one statement. They share ONE argon2 hash, computed
 * once here: hashing a thousand passwords would cost half a minute and buy nothing, yet a
 * real hash keeps every account valid for sign-in. `runTag` keeps their emails apart from
 * those of earlier runs.
 */
export async function insertReviewers(
  client: pg.ClientBase,
  count: number,
  runTag: string,
  now: Date,
): Promise<Reviewers> {
  const passwordHash = await new PasswordHasher().hash(scaleCustomerPassword);
  const { rows } = await client.query<{ id: string; name: string }>(
    `WITH people AS (
       SELECT i,
              ($1::text[])[1 + ${draw("i", salt.firstName, "cardinality($1::text[])")}] AS first_name,
              ($2::text[])[1 + ${draw("i", salt.lastName, "cardinality($2::text[])")}] AS last_name,
              -- signed up before the catalog's oldest products (two years), so reviews follow sign-up
              $5::timestamptz - make_interval(days => 730 + ${draw("i", salt.customerAge, 365)}::int) AS created_at
       FROM generate_series(1, $3::int) AS i
     )
     INSERT INTO users (email, name, password_hash, roles, created_at, updated_at)
     SELECT lower(first_name || '.' || regexp_replace(last_name, '[^A-Za-z]', '', 'g') || '.' || $4::text || '-' || i || '@example.com'),
            first_name || ' ' || last_name, $6::text, ARRAY['CUSTOMER']::"Role"[], created_at, created_at
     FROM people
     ORDER BY i
     RETURNING id, name`,
    [firstNames, lastNames, count, runTag, now, passwordHash],
  );
  return { ids: rows.map((row) => row.id), names: rows.map((row) => row.name) };
}
