import { Field, ObjectType } from "type-graphql";
import { badUserInput } from "./errors";
import { DecimalScalar } from "./scalars";

/**
 * Amounts are integer minor units (cents) everywhere inside Bazaar; only the API speaks
 * decimals. Two decimal places, as the shop's currencies (USD, EUR, GBP…) have.
 */
const minorUnitsPerMajor = 100;
/** Above this a price is a typo, and sums of many stay exact in a 32-bit column. */
export const maxPriceMinorUnits = 100_000_000;

export function formatMinorUnits(amount: number): string {
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / minorUnitsPerMajor)}.${String(abs % minorUnitsPerMajor).padStart(2, "0")}`;
}

/**
 * "19.99" → 1999. Exact (no floating point).
 * @throws BAD_USER_INPUT naming `field` for negatives, more than 2 decimals or absurd sizes.
 */
export function parseMoneyAmount(decimal: string, field: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(decimal.trim());
  if (!match)
    throw badUserInput(
      `${field} must be a non-negative amount with at most 2 decimals, e.g. "19.99".`,
      field,
    );
  const amount = Number(match[1]) * minorUnitsPerMajor + Number((match[2] ?? "").padEnd(2, "0"));
  if (amount > maxPriceMinorUnits)
    throw badUserInput(`${field} must be at most ${formatMinorUnits(maxPriceMinorUnits)}.`, field);
  return amount;
}

@ObjectType("Money", { simpleResolvers: true, description: "An amount of money in a currency." })
export class Money {
  @Field(() => DecimalScalar, { description: 'Decimal amount, e.g. "19.99"' })
  amount: string;

  @Field({ description: "ISO 4217, e.g. USD" })
  currencyCode: string;

  static of(minorUnits: number, currencyCode: string): Money {
    return Object.assign(new Money(), { amount: formatMinorUnits(minorUnits), currencyCode });
  }
}
