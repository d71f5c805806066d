import { badUserInput } from "../../graphql/errors";

/** A lookup by `id` or `slug` names exactly one of them: which one it is. */
export function lookupKey(
  id: string | null | undefined,
  slug: string | null | undefined,
): { id: string } | { slug: string } {
  if (id && !slug) return { id };
  if (slug && !id) return { slug };
  throw badUserInput("Give exactly one of id or slug.", id ? "slug" : "id");
}
