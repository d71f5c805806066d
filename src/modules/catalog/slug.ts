import { randomBytes } from "node:crypto";
import { conflict } from "../../graphql/errors";

/** URL-safe names: lower-case ASCII words joined by single dashes, e.g. `blue-t-shirt`. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugMaxLength = 100;

/** Generated suffixes tried in one lookup (`-2` … `-20`) before falling back to a random one. */
const numberedCandidates = 20;

/**
 * "Crème Brûlée — 2 pcs" → "creme-brulee-2-pcs". NFKD splits accented letters into a
 * base letter and combining marks, which are then dropped; everything else that is not a
 * letter or digit becomes a dash. Names with no Latin letters or digits give "".
 */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return trimToLength(slug, slugMaxLength);
}

/** Cuts at `max` characters without leaving a dash at the end. */
function trimToLength(slug: string, max: number): string {
  return slug.slice(0, max).replace(/-+$/, "");
}

/** `base`, or `base-<suffix>` shortened so the whole stays within the slug length. */
function withSuffix(base: string, suffix: string): string {
  return `${trimToLength(base, slugMaxLength - suffix.length - 1)}-${suffix}`;
}

/** Which of the candidate slugs are already used (one indexed lookup by the caller). */
export type TakenSlugs = (candidates: string[]) => Promise<string[]>;

/**
 * A free slug for a GENERATED name: `base`, else `base-2`, `base-3`… checked in ONE
 * lookup; when all of those are taken, a random suffix (practically never taken). A slug
 * the caller chose is not passed here: a taken one is a CONFLICT, not silently renamed.
 * Two concurrent writers may still pick the same slug; the unique index decides.
 */
export async function uniqueSlug(base: string, takenAmong: TakenSlugs): Promise<string> {
  const candidates = [base];
  for (let n = 2; n <= numberedCandidates; n += 1) candidates.push(withSuffix(base, String(n)));
  const taken = new Set(await takenAmong(candidates));
  const free = candidates.find((candidate) => !taken.has(candidate));
  return free ?? withSuffix(base, randomBytes(4).toString("hex"));
}

/**
 * The slug for a new row: a slug the caller chose must be free (else CONFLICT naming
 * `slug`); without one, it is generated from the name (`fallback` when the name has no
 * Latin letters or digits) and made unique with a suffix.
 */
export async function chooseSlug(
  chosen: string | null | undefined,
  name: string,
  fallback: string,
  takenAmong: TakenSlugs,
): Promise<string> {
  if (chosen === null || chosen === undefined) return uniqueSlug(slugify(name) || fallback, takenAmong);
  if ((await takenAmong([chosen])).length > 0)
    throw conflict(`The slug "${chosen}" is already used.`, "slug");
  return chosen;
}
