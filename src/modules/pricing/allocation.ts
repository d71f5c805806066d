/**
 * Splits `amount` (minor units) over parts in proportion to `weights` so that the parts sum
 * to exactly `amount`: each part gets the floor of its exact share, and the units the floors
 * leave over go one each to the parts with the largest remainders (ties: the earlier part).
 * A part never exceeds its weight when `amount` does not exceed the sum of the weights.
 */
export function allocateByLargestRemainder(amount: number, weights: readonly number[]): number[] {
  assertNonNegativeInteger(amount, "amount");
  weights.forEach((weight) => assertNonNegativeInteger(weight, "weight"));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  if (totalWeight === 0) {
    if (amount !== 0) throw new RangeError("Cannot allocate a positive amount over zero weights.");
    return weights.map(() => 0);
  }
  // BigInt: amount × weight can pass 2^53 for large orders, and the remainders must be exact.
  const exact = weights.map((weight) => BigInt(amount) * BigInt(weight));
  const divisor = BigInt(totalWeight);
  const parts = exact.map((share) => Number(share / divisor));
  const left = amount - parts.reduce((sum, part) => sum + part, 0);
  const byRemainder = exact
    .map((share, index) => ({ index, remainder: share % divisor }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of byRemainder.slice(0, left)) parts[index]! += 1;
  return parts;
}

export function assertNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${what} must be a non-negative integer, got ${value}.`);
}
