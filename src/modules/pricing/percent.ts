import { badUserInput } from "../../graphql/errors";

/**
 * Percentages (tax rates, percentage discounts) travel as decimals with at most 2 places
 * ("19", "5.5", "19.00") and are kept as integer basis points (hundredths of a percent:
 * 1900, 550), so every computation with them is exact.
 */
const basisPointsPerPercent = 100;

/**
 * "5.5" → 550.
 * @throws BAD_USER_INPUT naming `field` unless it is a decimal with at most 2 places within [min, max] percent.
 */
export function parsePercent(decimal: string, field: string, range: { min: number; max: number }): number {
  const match = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  const basisPoints = match
    ? Number(match[1]) * basisPointsPerPercent + Number((match[2] ?? "").padEnd(2, "0"))
    : NaN;
  if (!(basisPoints >= range.min * basisPointsPerPercent && basisPoints <= range.max * basisPointsPerPercent))
    throw badUserInput(
      `${field} must be a percentage from ${range.min} to ${range.max} with at most 2 decimals, e.g. "19.5".`,
      field,
    );
  return basisPoints;
}

/** 550 → "5.50". */
export function formatPercent(basisPoints: number): string {
  const whole = Math.floor(basisPoints / basisPointsPerPercent);
  return `${whole}.${String(basisPoints % basisPointsPerPercent).padStart(2, "0")}`;
}
