import {
  demoCategoryTree,
  type LeafCategorySpec,
  type OptionAxis,
  type RootCategorySpec,
} from "./demo-catalog-words";
import type { CategoryRow, ProductRow, VariantOption, VariantRow } from "./demo-rows";
import type { Random } from "./random";

export interface DemoCatalog {
  categories: CategoryRow[];
  /** Rating columns are still zero here: reviews are composed later, from orders. */
  products: ProductRow[];
  variants: VariantRow[];
}

const dayMs = 86_400_000;
/** Products appear over this many days, so "newest first" lists differ from other orders. */
const catalogAgeDays = 90;
const imageBaseUrl = "https://images.bazaar.example/products";

/** Lower-case ASCII words joined by hyphens: "Chef's Knife" → "chefs-knife". */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Title-case words read as ordinary words mid-sentence; acronyms ("USB-C", "65W") keep their case. */
function inSentence(words: string): string {
  return words
    .split(" ")
    .map((word) => (word.split("-").every((part) => /^[A-Z][a-z']*$/.test(part)) ? word.toLowerCase() : word))
    .join(" ");
}

function fill(template: string, values: Record<string, string>): string {
  const text = template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Shop prices end in .99: whole dollars less a cent, never below $0.99. */
function shopPrice(cents: number): number {
  return Math.max(99, Math.round(cents / 100) * 100 - 1);
}

/** The code an option value contributes to a SKU: "Heather Grey" → "HEATHERGREY". */
function skuCode(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]+/g, "");
}

interface NamedProduct {
  name: string;
  material: string;
  noun: string;
}

/** A name whose slug is not in `takenSlugs`. */
function nameProduct(
  random: Random,
  leaf: LeafCategorySpec,
  takenSlugs: Set<string>,
  number: number,
): NamedProduct {
  // Word lists allow dozens of names per leaf, so a few retries nearly always find a fresh
  // one; the numbered fallback keeps slugs unique if they ever do not.
  for (let attempt = 0; attempt < 50; attempt++) {
    const adjective = random.pick(leaf.adjectives);
    const material = leaf.materials.length > 0 ? random.pick(leaf.materials) : "";
    const noun = random.pick(leaf.nouns);
    const name = fill(leaf.pattern, { adjective, material, noun }).replace(/\s+/g, " ").trim();
    if (!takenSlugs.has(slugify(name))) return { name, material, noun };
  }
  return { name: `${leaf.name} No. ${number}`, material: "", noun: leaf.name };
}

function describe(
  random: Random,
  leaf: LeafCategorySpec,
  root: RootCategorySpec,
  product: NamedProduct,
): string {
  const pitch = fill(random.pick(leaf.pitches), {
    name: product.name,
    noun: inSentence(product.noun),
    material: inSentence(product.material),
  });
  return `${pitch} ${random.pick(root.closers)}`;
}

/** Most products come in one or two variants; a few in four. */
const variantCountWeights = [30, 30, 25, 15];

function chooseAxisValues(random: Random, axis: OptionAxis): number[] {
  const count = Math.min(random.weighted(variantCountWeights) + 1, axis.values.length);
  const indexes = axis.values.map((_, index) => index);
  // Kept in the axis's own order so sizes list S, M, L rather than shuffled.
  return random.sample(indexes, count).sort((a, b) => a - b);
}

function stockLevel(random: Random, soldOut: boolean): number {
  if (soldOut || random.chance(0.1)) return 0;
  return random.int(1, 100);
}

function composeVariants(
  random: Random,
  ids: Random,
  leaf: LeafCategorySpec,
  product: { id: string; number: number; createdAt: Date },
): VariantRow[] {
  const fixed: VariantOption[] = leaf.fixedAxis
    ? [{ name: leaf.fixedAxis.name, value: random.pick(leaf.fixedAxis.values) }]
    : [];
  const basePrice = random.int(leaf.priceCents[0], leaf.priceCents[1]);
  // Some products sell out entirely, so the in-stock filter has something to hide.
  const soldOut = random.chance(0.06);
  const axis = leaf.variantAxis;
  return chooseAxisValues(random, axis).map((valueIndex, position) => {
    const value = axis.values[valueIndex] ?? "";
    const surcharge = axis.surchargePercent?.[valueIndex] ?? 0;
    const options: VariantOption[] = [...fixed, { name: axis.name, value }];
    const codes = options.map((option) => skuCode(option.value)).join("-");
    return {
      id: ids.uuid(),
      productId: product.id,
      sku: `BZ-${String(product.number).padStart(4, "0")}-${codes}`,
      name: options.map((option) => option.value).join(" / "),
      options,
      priceAmount: shopPrice((basePrice * (100 + surcharge)) / 100),
      quantityAvailable: stockLevel(random, soldOut),
      position,
      createdAt: product.createdAt,
      updatedAt: product.createdAt,
    };
  });
}

/** A category products are filed under, with the words that describe them. */
interface LeafCategory {
  id: string;
  leaf: LeafCategorySpec;
  root: RootCategorySpec;
}

function composeCategories(
  ids: Random,
  createdAt: Date,
): { categories: CategoryRow[]; leaves: LeafCategory[] } {
  const categories: CategoryRow[] = [];
  const leaves: LeafCategory[] = [];
  for (const [rootPosition, root] of demoCategoryTree.entries()) {
    const rootId = ids.uuid();
    categories.push({
      id: rootId,
      name: root.name,
      slug: root.slug,
      parentId: null,
      position: rootPosition,
      createdAt,
    });
    for (const [position, leaf] of root.children.entries()) {
      const id = ids.uuid();
      categories.push({ id, name: leaf.name, slug: leaf.slug, parentId: rootId, position, createdAt });
      leaves.push({ id, leaf, root });
    }
  }
  return { categories, leaves };
}

/**
 * The category tree, then `productCount` products scattered over its leaves, created at
 * random moments of the `catalogAgeDays` before `now`.
 */
export function composeCatalog(random: Random, ids: Random, now: Date, productCount: number): DemoCatalog {
  const { categories, leaves } = composeCategories(
    ids,
    new Date(now.getTime() - (catalogAgeDays + 1) * dayMs),
  );
  const products: ProductRow[] = [];
  const variants: VariantRow[] = [];
  const takenSlugs = new Set<string>();
  for (let number = 1; number <= productCount; number++) {
    const { id: categoryId, leaf, root } = random.pick(leaves);
    const named = nameProduct(random, leaf, takenSlugs, number);
    const slug = slugify(named.name);
    takenSlugs.add(slug);
    const createdAt = new Date(now.getTime() - Math.floor(random.next() * catalogAgeDays * dayMs));
    const id = ids.uuid();
    const productVariants = composeVariants(random, ids, leaf, { id, number, createdAt });
    const prices = productVariants.map((variant) => variant.priceAmount);
    const imageCount = random.int(1, 3);
    products.push({
      id,
      name: named.name,
      slug,
      description: describe(random, leaf, root, named),
      imageUrls: Array.from(
        { length: imageCount },
        (_, index) => `${imageBaseUrl}/${slug}${index === 0 ? "" : `-${index + 1}`}.jpg`,
      ),
      categoryId,
      minPriceAmount: Math.min(...prices),
      maxPriceAmount: Math.max(...prices),
      inStock: productVariants.some((variant) => variant.quantityAvailable > 0),
      ratingCount: 0,
      ratingSum: 0,
      ratingAverage: 0,
      createdAt,
      updatedAt: createdAt,
    });
    variants.push(...productVariants);
  }
  return { categories, products, variants };
}
