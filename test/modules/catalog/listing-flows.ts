import { randomUUID } from "node:crypto";
import type { ProductFilter, ProductSort } from "../../../client";
import { pageInfoSelection, type Connection } from "../../helpers/connections";
import { globalId, keyOf } from "../../helpers/ids";
import { dataOf } from "../../helpers/results";
import type { GraphQLResponse, TestApp } from "../../helpers/test-app";
import { typedDocument } from "../../helpers/typed-document";

/**
 * GraphQL documents, database snapshots and reference orderings shared by the listing,
 * paging, search and SQL-budget tests. Expected orders are computed here, in JS, from the
 * rows in the database, independently of the SQL the app runs.
 */

export const keyedSorts = ["NEWEST", "PRICE_ASC", "PRICE_DESC", "NAME_ASC", "RATING_DESC"] as const;

export interface ListArgs {
  first?: number | null;
  after?: string | null;
  filter?: ProductFilter | null;
  search?: string | null;
  sortBy?: ProductSort | null;
}

/** The fields the listing tests compare with the database (their own selection, not an SDK one). */
export interface ListedProduct {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  category: { id: string } | null;
  priceRange: { min: { amount: string }; max: { amount: string } };
  rating: { average: number | null; count: number };
  variants: { price: { amount: string }; inStock: boolean }[];
}

export type ProductPage<N = { id: string }> = Connection<N>;

/**
 * The per-client query-cost budget meters how much a client may ask for; these tests page
 * through the catalog hundreds of times in seconds, which is not what they are about.
 */
export const listingTestEnv = { BAZAAR_COST_BUDGET: "100000000", BAZAAR_COST_RESTORE_RATE: "10000000" };

const listDocument = <N>(name: string, nodeFields: string) =>
  typedDocument<
    { products: ProductPage<N> },
    ListArgs
  >(`query ${name}($first: Int, $after: String, $filter: ProductFilter, $search: String, $sortBy: ProductSort) {
    products(first: $first, after: $after, filter: $filter, search: $search, sortBy: $sortBy) {
      totalCount ${pageInfoSelection} edges { cursor node { ${nodeFields} } }
    }
  }`);

const idsDocument = listDocument<{ id: string }>("ListedIds", "id");
const detailedDocument = listDocument<ListedProduct>(
  "ListedProducts",
  "id name slug createdAt category { id } priceRange { min { amount } max { amount } } rating { average count } variants { price { amount } inStock }",
);

/** `products(...)` selecting only node ids; absent arguments are omitted, so defaults apply. */
export function listProducts(
  t: TestApp,
  args: ListArgs,
  token?: string,
): Promise<GraphQLResponse<{ products: ProductPage }>> {
  return t.graphql(idsDocument, { ...args }, { token });
}

export async function listOk(t: TestApp, args: ListArgs, token?: string): Promise<ProductPage> {
  return dataOf(await listProducts(t, args, token)).products;
}

/** `products(...)` with the fields a storefront card shows. */
export async function listDetailedOk(
  t: TestApp,
  args: ListArgs,
  token?: string,
): Promise<ProductPage<ListedProduct>> {
  return dataOf(await t.graphql(detailedDocument, { ...args }, { token })).products;
}

export interface Walk {
  nodes: { id: string }[];
  pages: ProductPage[];
}

/**
 * Follows `endCursor` until `hasNextPage` is false. `between(pageIndex, page)` runs after
 * each page that has a next one (to change the data while paging).
 */
export async function walkAll(
  t: TestApp,
  args: Omit<ListArgs, "after">,
  options: { token?: string; between?: (pageIndex: number, page: ProductPage) => Promise<void> } = {},
): Promise<Walk> {
  const pages: ProductPage[] = [];
  let after: string | null = null;
  for (let index = 0; index < 500; index++) {
    const page: ProductPage = await listOk(t, { ...args, after }, options.token);
    pages.push(page);
    if (!page.pageInfo.hasNextPage)
      return { nodes: pages.flatMap((p) => p.edges.map((edge) => edge.node)), pages };
    await options.between?.(index, page);
    after = page.pageInfo.endCursor;
  }
  throw new Error("paging did not end after 500 pages");
}

export const keysOf = (nodes: readonly { id: string }[]): string[] => nodes.map((node) => keyOf(node.id));

/** A product as the database has it: what every expected order is computed from. */
export interface CatalogRow {
  id: string;
  name: string;
  createdAt: Date;
  minPriceAmount: number;
  maxPriceAmount: number;
  inStock: boolean;
  ratingAverage: number;
  categoryId: string | null;
  archivedAt: Date | null;
}

const catalogSelect = {
  id: true,
  name: true,
  createdAt: true,
  minPriceAmount: true,
  maxPriceAmount: true,
  inStock: true,
  ratingAverage: true,
  categoryId: true,
  archivedAt: true,
} as const;

/** Every product a shop visitor may see (not archived). */
export function visibleRows(t: TestApp): Promise<CatalogRow[]> {
  return t.db.prisma.product.findMany({ where: { archivedAt: null }, select: catalogSelect });
}

/** Every product, archived ones included (what staff see). */
export function allRows(t: TestApp): Promise<CatalogRow[]> {
  return t.db.prisma.product.findMany({ select: catalogSelect });
}

/** Code-unit order: the test databases use the C (C.UTF-8) collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortKey(sort: Exclude<ProductSort, "RELEVANCE">, row: CatalogRow): number | string {
  switch (sort) {
    case "NEWEST":
      return row.createdAt.getTime();
    case "PRICE_ASC":
    case "PRICE_DESC":
      return row.minPriceAmount;
    case "NAME_ASC":
      return row.name;
    case "RATING_DESC":
      return row.ratingAverage;
  }
}

const descending = new Set<ProductSort>(["NEWEST", "PRICE_DESC", "RATING_DESC", "RELEVANCE"]);

/** (key, id) compared in the sort's direction: ties are broken by id, in the same direction. */
export function compareKeys(
  sort: ProductSort,
  a: { key: number | string; id: string },
  b: { key: number | string; id: string },
): number {
  const byKey =
    typeof a.key === "number" && typeof b.key === "number"
      ? a.key - b.key
      : compareText(String(a.key), String(b.key));
  const order = byKey !== 0 ? Math.sign(byKey) : compareText(a.id, b.id);
  return descending.has(sort) ? -order : order;
}

/** Rows in the order `sort` must list them; RELEVANCE needs each row's rank. */
export function expectedOrder(
  rows: readonly CatalogRow[],
  sort: ProductSort,
  ranks?: ReadonlyMap<string, number>,
): CatalogRow[] {
  const keyOfRow = (row: CatalogRow): number | string => {
    if (sort !== "RELEVANCE") return sortKey(sort, row);
    const rank = ranks?.get(row.id);
    if (rank === undefined) throw new Error(`no rank for ${row.id}`);
    return rank;
  };
  return [...rows].sort((a, b) =>
    compareKeys(sort, { key: keyOfRow(a), id: a.id }, { key: keyOfRow(b), id: b.id }),
  );
}

/** Ids of the products matching `search`, with the rank PostgreSQL gives each (ts_rank over the stored vector). */
export async function searchRanks(t: TestApp, search: string): Promise<Map<string, number>> {
  const rows = await t.db.prisma.$queryRaw<{ id: string; rank: number }[]>`
    SELECT id::text AS id, ts_rank(search_vector, websearch_to_tsquery('english', ${search})) AS rank
    FROM products WHERE search_vector @@ websearch_to_tsquery('english', ${search})`;
  return new Map(rows.map((row) => [row.id, Number(row.rank)]));
}

/** The ids of `root` and every category below it. */
export async function categorySubtree(t: TestApp, root: string): Promise<Set<string>> {
  const categories = await t.db.prisma.category.findMany({ select: { id: true, parentId: true } });
  const subtree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const category of categories) {
      if (category.parentId && subtree.has(category.parentId) && !subtree.has(category.id)) {
        subtree.add(category.id);
        grew = true;
      }
    }
  }
  return subtree;
}

export interface InsertedProduct {
  name?: string;
  description?: string;
  id?: string;
  createdAt?: Date;
  priceAmount?: number;
  ratingAverage?: number;
  categoryId?: string | null;
  inStock?: boolean;
}

/** A product written straight to the database, with one variant at `priceAmount`. */
export async function insertProduct(t: TestApp, fields: InsertedProduct = {}): Promise<CatalogRow> {
  const suffix = randomUUID();
  const price = fields.priceAmount ?? 1000;
  const rating = fields.ratingAverage ?? 0;
  return t.db.prisma.product.create({
    data: {
      ...(fields.id ? { id: fields.id } : {}),
      name: fields.name ?? `Inserted ${suffix.slice(0, 8)}`,
      slug: `inserted-${suffix}`,
      description: fields.description ?? "Inserted by a listing test.",
      categoryId: fields.categoryId ?? null,
      minPriceAmount: price,
      maxPriceAmount: price,
      inStock: fields.inStock ?? true,
      ratingCount: rating > 0 ? 1 : 0,
      ratingSum: Math.round(rating),
      ratingAverage: rating,
      ...(fields.createdAt ? { createdAt: fields.createdAt } : {}),
      variants: {
        create: [
          {
            sku: `INS-${suffix}`,
            name: "Default",
            priceAmount: price,
            quantityAvailable: fields.inStock === false ? 0 : 3,
          },
        ],
      },
    },
    select: catalogSelect,
  });
}

/** "19.99" → 1999, for comparing API amounts with database cents. */
export function cents(amount: string): number {
  const [whole, fraction = ""] = amount.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

export const productId = (key: string): string => globalId("Product", key);
export const categoryId = (key: string): string => globalId("Category", key);

/** The base64url payload and the signature of a cursor, as the API hands it out. */
export function cursorParts(cursor: string): { payload: string; signature: string } {
  const [payload = "", signature = ""] = cursor.split(".");
  return { payload, signature };
}

/** The same string with the character at `index` replaced by another base64url character. */
export function withCharChanged(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}
