import type pg from "pg";
import { demoCategoryTree, type OptionAxis } from "../demo-catalog-words";

/**
 * One leaf category as the product SQL reads it (through `jsonb_to_recordset`, hence the
 * snake_case). Word lists are never empty — a missing list is `[""]` — so SQL can always
 * index into them.
 */
export interface LeafRecord {
  idx: number;
  category_id: string;
  pattern: string;
  adjectives: string[];
  materials: string[];
  /** `materials` as they read mid-sentence ("organic cotton"), aligned with it. */
  materials_lc: string[];
  nouns: string[];
  nouns_lc: string[];
  pitches: string[];
  closers: string[];
  /** Books carry no maker's name in the title; goods do ("Northwind Classic Cotton Crew Tee"). */
  branded: boolean;
  fixed_name: string | null;
  fixed_values: string[];
  fixed_codes: string[];
  axis_name: string;
  axis_values: string[];
  axis_codes: string[];
  surcharges: number[];
  price_low: number;
  price_high: number;
}

/** The column list `jsonb_to_recordset` needs to read a `LeafRecord` back. */
export const leafRecordColumns = `idx int, category_id uuid, pattern text, adjectives text[], materials text[],
  materials_lc text[], nouns text[], nouns_lc text[], pitches text[], closers text[], branded boolean,
  fixed_name text, fixed_values text[], fixed_codes text[], axis_name text, axis_values text[],
  axis_codes text[], surcharges int[], price_low int, price_high int`;

/** Title-case words read as ordinary words mid-sentence; acronyms ("USB-C", "65W") keep their case. */
function inSentence(words: string): string {
  return words
    .split(" ")
    .map((word) => (word.split("-").every((part) => /^[A-Z][a-z']*$/.test(part)) ? word.toLowerCase() : word))
    .join(" ");
}

/** The code an option value contributes to a SKU, as in the demo shop: "Heather Grey" → "HEATHERGREY". */
function skuCode(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]+/g, "");
}

function orBlank(words: readonly string[]): string[] {
  return words.length > 0 ? [...words] : [""];
}

function axisValues(
  axis: OptionAxis | undefined,
): Pick<LeafRecord, "fixed_name" | "fixed_values" | "fixed_codes"> {
  return {
    fixed_name: axis?.name ?? null,
    fixed_values: orBlank(axis?.values ?? []),
    fixed_codes: orBlank((axis?.values ?? []).map(skuCode)),
  };
}

/**
 * Makes sure the demo shop's category tree exists (creating what is missing, found by
 * slug: a database already holding the demo shop keeps one tree) and returns its leaves,
 * which the products are filed under. Returns the number of categories in the tree too.
 */
export async function ensureCategoryTree(
  client: pg.ClientBase,
): Promise<{ leaves: LeafRecord[]; categoryCount: number }> {
  const roots = demoCategoryTree.map((root, position) => ({ name: root.name, slug: root.slug, position }));
  const children = demoCategoryTree.flatMap((root) =>
    root.children.map((leaf, position) => ({
      name: leaf.name,
      slug: leaf.slug,
      parent: root.slug,
      position,
    })),
  );
  await client.query(
    `INSERT INTO categories (name, slug, position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
     ON CONFLICT (slug) DO NOTHING`,
    [roots.map((r) => r.name), roots.map((r) => r.slug), roots.map((r) => r.position)],
  );
  await client.query(
    `INSERT INTO categories (name, slug, parent_id, position)
     SELECT c.name, c.slug, parent.id, c.position
     FROM unnest($1::text[], $2::text[], $3::text[], $4::int[]) AS c(name, slug, parent_slug, position)
     JOIN categories parent ON parent.slug = c.parent_slug
     ON CONFLICT (slug) DO NOTHING`,
    [
      children.map((c) => c.name),
      children.map((c) => c.slug),
      children.map((c) => c.parent),
      children.map((c) => c.position),
    ],
  );
  const { rows } = await client.query<{ id: string; slug: string }>(
    "SELECT id, slug FROM categories WHERE slug = ANY($1::text[])",
    [[...roots, ...children].map((c) => c.slug)],
  );
  const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));
  const leaves = demoCategoryTree.flatMap((root) =>
    root.children.map((leaf) => ({ root, leaf, categoryId: idBySlug.get(leaf.slug) })),
  );
  return {
    categoryCount: rows.length,
    leaves: leaves.map(({ root, leaf, categoryId }, idx): LeafRecord => {
      if (categoryId === undefined)
        throw new Error(`category "${leaf.slug}" is missing after creating the tree`);
      return {
        idx,
        category_id: categoryId,
        pattern: leaf.pattern,
        adjectives: orBlank(leaf.adjectives),
        materials: orBlank(leaf.materials),
        materials_lc: orBlank(leaf.materials.map(inSentence)),
        nouns: orBlank(leaf.nouns),
        nouns_lc: orBlank(leaf.nouns.map(inSentence)),
        pitches: orBlank(leaf.pitches),
        closers: orBlank(root.closers),
        branded: leaf.materials.length > 0,
        ...axisValues(leaf.fixedAxis),
        axis_name: leaf.variantAxis.name,
        axis_values: [...leaf.variantAxis.values],
        axis_codes: leaf.variantAxis.values.map(skuCode),
        surcharges: leaf.variantAxis.values.map(
          (_, index) => leaf.variantAxis.surchargePercent?.[index] ?? 0,
        ),
        price_low: leaf.priceCents[0],
        price_high: leaf.priceCents[1],
      };
    }),
  };
}
