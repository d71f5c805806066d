import { isEmail } from "class-validator";
import { badUserInput } from "../../graphql/errors";

/**
 * The one spelling of an email Bazaar stores and compares: trimmed, compatibility-
 * normalised (NFKC folds full-width and other look-alike forms onto the plain letters;
 * it includes NFC) and lower-cased, so "Ａda@Example.com " and "ada@example.com" are the
 * same account.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().normalize("NFKC").toLowerCase().normalize("NFC");
}

/** @throws BAD_USER_INPUT naming `field` when the normalised value is not an email. */
export function parseEmail(raw: string, field = "email"): string {
  const email = normalizeEmail(raw);
  if (email.length > 254 || !isEmail(email, { allow_utf8_local_part: true, require_tld: true })) {
    throw badUserInput(`${field} must be a valid email address.`, field);
  }
  return email;
}
