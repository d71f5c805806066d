import type { MoneyFieldsFragment } from "../../client";

/** USD money as the API writes it. */
export const usd = (amount: string): MoneyFieldsFragment => ({ amount, currencyCode: "USD" });
