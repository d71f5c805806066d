import { assertNonNegativeInteger } from "./allocation";
import { basisPointsPerWhole, divideRoundingHalfUp, percentOf } from "./rounding";

/** Tax on an amount that excludes it: amount × rate, rounded half-up to the minor unit. */
export function taxOnNetAmount(amount: number, rateBasisPoints: number): number {
  return percentOf(amount, rateBasisPoints);
}

/**
 * The tax inside an amount that includes it: amount − round(amount / (1 + rate)), the net
 * part rounded half-up, so net + tax is exactly the amount.
 */
export function taxInGrossAmount(amount: number, rateBasisPoints: number): number {
  assertNonNegativeInteger(amount, "amount");
  assertNonNegativeInteger(rateBasisPoints, "rateBasisPoints");
  const whole = BigInt(basisPointsPerWhole);
  const net = divideRoundingHalfUp(BigInt(amount) * whole, whole + BigInt(rateBasisPoints));
  return amount - net;
}

/** One rate of a tax class: for a whole country (region null) or for one region of it. */
export interface RegionalRate {
  country: string;
  region: string | null;
  rateBasisPoints: number;
}

/**
 * The rate that applies at a destination: the region's own rate wins over the country's;
 * no rate for the country at all means no tax there (0). Country and region compare
 * case-insensitively, as addresses are typed by people.
 */
export function rateAt(rates: readonly RegionalRate[], country: string, region: string | null): number {
  const sameCountry = rates.filter((rate) => rate.country.toUpperCase() === country.toUpperCase());
  const regional =
    region === null
      ? undefined
      : sameCountry.find((rate) => rate.region?.toUpperCase() === region.trim().toUpperCase());
  return (regional ?? sameCountry.find((rate) => rate.region === null))?.rateBasisPoints ?? 0;
}
