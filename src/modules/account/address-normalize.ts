import type { AddressInput } from "./account.inputs";
import type { AddressRow } from "./address.type";

/** An address as stored: trimmed, empty optional parts as null, codes upper-cased. */
export type NormalizedAddress = Omit<AddressRow, "id" | "userId">;

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function normalizeAddress(input: AddressInput): NormalizedAddress {
  return {
    fullName: input.fullName.trim(),
    line1: input.line1.trim(),
    line2: blankToNull(input.line2),
    city: input.city.trim(),
    postalCode: input.postalCode.trim().toUpperCase(),
    region: blankToNull(input.region),
    country: input.country.toUpperCase(),
    phone: blankToNull(input.phone),
  };
}
