/**
 * The API's value formats as SQL expressions, for JSON that PostgreSQL builds in the statement
 * that needs it (a webhook event's data, written in the checkout's transaction without a round
 * trip to read the order first). Each is the twin of a TypeScript formatter, and a test holds
 * every pair to the same output. Arguments are SQL expressions written in code, never input.
 */

/** `toGlobalId(typeName, key)`: base64 of `<Type>:<uuid>` (≤ 76 characters: PostgreSQL never wraps it). Null for a null key. */
export function globalIdSql(typeName: string, key: string): string {
  if (!/^[A-Za-z]+$/.test(typeName)) throw new Error(`not a GraphQL type name: ${typeName}`);
  return `encode(convert_to('${typeName}:' || (${key})::text, 'UTF8'), 'base64')`;
}

/** `formatMinorUnits` and `formatPercent`: an integer in hundredths as a decimal with two places ("19.99", "-0.05"). */
export function hundredthsSql(value: string): string {
  return `(CASE WHEN (${value}) < 0 THEN '-' ELSE '' END || (abs(${value}) / 100)::text || '.' || lpad((abs(${value}) % 100)::text, 2, '0'))`;
}

/** `Money.of(minorUnits, currencyCode)`: `{"amount", "currencyCode"}`. */
export function moneySql(minorUnits: string, currencyCode: string): string {
  return `json_build_object('amount', ${hundredthsSql(minorUnits)}, 'currencyCode', ${currencyCode})`;
}

/** A timestamp as `Date.toISOString()` writes it (UTC, milliseconds), as the DateTime scalar does. */
export function dateTimeSql(timestamp: string): string {
  return `to_char((${timestamp}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/** A JSON object from `[key, SQL expression]` pairs, keys in the order given. */
export function jsonObjectSql(fields: Readonly<Record<string, string>>): string {
  return `json_build_object(${Object.entries(fields)
    .map(([key, value]) => `'${key}', ${value}`)
    .join(", ")})`;
}
