/**
 * Ids for the scale seed's rows: UUIDv7 (RFC 9562) with the run's start time as the
 * timestamp and a row counter in place of the random bits (the RFC's "dedicated counter"
 * method). Ids that rise as rows are inserted keep the primary keys and the product_id
 * indexes of variants and reviews append-only, and the foreign-key checks on warm pages:
 * random v4 ids would touch a random page of each of those indexes per row, which at a
 * million products is most of the seed's time and WAL. They remain valid, unique UUIDs,
 * and differ from every gen_random_uuid() id in their version digit.
 */

/** Counter slots per product: the product, its ≤ 4 variants, its ≤ 5 reviews. */
export const idSlotsPerProduct = 16;
export const variantIdSlot = 1;
export const reviewIdSlot = 5;

/** The first 20 hex digits of every id of a run: timestamp, version 7, variant 10. */
export function runIdPrefix(startedAtMs: number): string {
  const time = startedAtMs.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7000-8000-`;
}

/** SQL for the id numbered `counter` (a bigint expression below 2^48) of the run whose prefix is `prefix`. */
export function sequentialUuid(prefix: string, counter: string): string {
  return `(${prefix} || lpad(to_hex(${counter}), 12, '0'))::uuid`;
}
