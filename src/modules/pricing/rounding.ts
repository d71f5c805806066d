import { assertNonNegativeInteger } from "./allocation";

/** numerator / denominator rounded half-up, for non-negative integers, exactly (BigInt). */
export function divideRoundingHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** Basis points per whole: rates and percentages are kept in hundredths of a percent. */
export const basisPointsPerWhole = 10_000;

/** `amount` × `basisPoints` / 10 000, rounded half-up to the minor unit. */
export function percentOf(amount: number, basisPoints: number): number {
  assertNonNegativeInteger(amount, "amount");
  assertNonNegativeInteger(basisPoints, "basisPoints");
  return divideRoundingHalfUp(BigInt(amount) * BigInt(basisPoints), BigInt(basisPointsPerWhole));
}
