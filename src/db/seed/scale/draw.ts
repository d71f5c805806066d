/**
 * The scale seed's randomness, as SQL: a draw is a hash of a row's sequence number and a
 * salt, so rows are composed inside PostgreSQL (no per-row round trips) and the same
 * product number always gets the same name, price and reviews — two databases seeded with
 * the same size hold the same catalog, which keeps benchmarks comparable.
 */

/** Salts, one per independent choice: reusing one would correlate two choices. */
export const salt = {
  leaf: 1,
  brand: 2,
  adjective: 3,
  material: 4,
  noun: 5,
  pitch: 6,
  closer: 7,
  fixedValue: 8,
  variantCount: 9,
  variantStart: 10,
  basePrice: 11,
  soldOut: 12,
  imageCount: 13,
  age: 14,
  reviewCount: 15,
  qualityProfile: 16,
  reviewerStart: 17,
  stockEmpty: 18,
  stockLevel: 19,
  rating: 20,
  reviewTitle: 21,
  reviewFirstSentence: 22,
  reviewSecondSentence: 23,
  reviewAge: 24,
  firstName: 25,
  lastName: 26,
  customerAge: 27,
} as const;

/**
 * SQL for a uniform integer in [0, `range`) drawn for the row numbered `sequence`.
 * Both arguments are SQL expressions; `range` must be positive.
 */
export function draw(sequence: string, saltValue: number, range: string | number): string {
  // hashint8extended mixes well and is built into PostgreSQL (PGlite included); the mask
  // keeps the bigint non-negative before the modulo, so ranges beyond 2^31 (ages in
  // milliseconds) work too.
  return `((hashint8extended((${sequence})::bigint, ${saltValue}) & 9223372036854775807) % (${range}))`;
}

/**
 * An index into cumulative percent `thresholds` (ascending, below 100; numbers or SQL) for
 * one draw in [0, 100): 0 below the first threshold, 1 below the second, …,
 * thresholds.length above them all.
 */
export function weightedIndex(roll: string, thresholds: readonly (number | string)[]): string {
  return thresholds.map((threshold) => `(${roll} >= ${threshold})::int`).join(" + ");
}
