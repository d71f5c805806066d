import { isStaff, type Viewer } from "../../auth/viewer";
import type { Context } from "../../context";
import type { PrismaClient } from "../../db/prisma-client";
import type { Page } from "../../graphql/connection";
import { pageSize, toPage, type ConnectionArgs } from "../../graphql/connection";
import type { CursorCodec } from "../../graphql/cursor";
import { badUserInput } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { parseMoneyAmount } from "../../graphql/money";
import type { CategoryRow } from "./category-rows";
import type { ProductFilter, ProductsArgs } from "./catalog.inputs";
import {
  countProducts,
  selectProductPage,
  toListedProductRow,
  type ProductListQuery,
  type ProductOrdering,
  type RawListedProduct,
} from "./product-listing";
import type { ProductRow } from "./product-rows";

/** What a product list is asked for with (the `products` arguments, or a category's). */
export type ProductListRequest = Pick<ProductsArgs, "first" | "after" | "filter" | "search" | "sortBy">;

/** Archived products are gone from the shop, but staff (and orders) still read them. */
export function canSeeProduct(viewer: Viewer, product: ProductRow): boolean {
  return product.archivedAt === null || isStaff(viewer);
}

function parseSearch(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw.includes("\u0000")) throw badUserInput("search must not contain NUL characters.", "search");
  const search = raw.trim();
  return search === "" ? null : search;
}

function parsePrice(raw: string | null | undefined, field: string): number | null {
  return raw === null || raw === undefined ? null : parseMoneyAmount(raw, field);
}

/** Catalog reads: product lists, single products and categories. */
export class CatalogService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cursors: CursorCodec,
  ) {}

  private toListQuery(ctx: Context, filter: ProductFilter | null | undefined, search: string | null, ordering: ProductOrdering): ProductListQuery {
    const minPrice = parsePrice(filter?.minPrice, "filter.minPrice");
    const maxPrice = parsePrice(filter?.maxPrice, "filter.maxPrice");
    if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) {
      throw badUserInput("filter.minPrice must not be above filter.maxPrice.", "filter.minPrice");
    }
    return {
      ordering,
      categoryId: filter?.categoryId ? keyFromGlobalId(filter.categoryId, "Category", "filter.categoryId") : null,
      includeSubcategories: filter?.includeSubcategories ?? true,
      minPrice,
      maxPrice,
      inStock: filter?.inStock ?? null,
      search,
      includeArchived: isStaff(ctx.viewer),
    };
  }

  async listProducts(ctx: Context, args: ProductListRequest): Promise<Page<ProductRow>> {
    const search = parseSearch(args.search);
    const ordering = args.sortBy ?? (search ? "RELEVANCE" : "NEWEST");
    if (ordering === "RELEVANCE" && !search) throw badUserInput("sortBy RELEVANCE needs a search.", "sortBy");
    const query = this.toListQuery(ctx, args.filter, search, ordering);
    const cursorScope = `products:${ordering}`;
    const after = args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, cursorScope) : null;
    const raw = await this.prisma.$queryRaw<RawListedProduct[]>(selectProductPage(query, after, pageSize(args) + 1));
    return toPage(
      raw.map(toListedProductRow),
      pageSize(args),
      after,
      (row) => ({ node: row, cursor: () => this.cursors.encode(cursorScope, [row.sortKey, row.id]) }),
      async () => (await this.prisma.$queryRaw<{ count: number }[]>(countProducts(query)))[0]?.count ?? 0,
    );
  }

  /**
   * A category's products (its own and its sub-categories'), newest first: batched with
   * every other category's page in the request. `totalCount` is counted only if asked.
   */
  async categoryProducts(ctx: Context, categoryKey: string, args: ConnectionArgs): Promise<Page<ProductRow>> {
    const cursorScope = "products:NEWEST";
    const after = args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, cursorScope) : null;
    const includeArchived = isStaff(ctx.viewer);
    const rows = await ctx.loaders.productPagesByCategory.load({
      categoryId: categoryKey,
      limit: pageSize(args) + 1,
      after: after ? [String(after[0]), String(after[1])] : null,
      includeArchived,
    });
    return toPage(
      rows,
      pageSize(args),
      after,
      (row) => ({ node: row, cursor: () => this.cursors.encode(cursorScope, [row.sortKey, row.id]) }),
      () => ctx.loaders.productCountsByCategory.load({ categoryId: categoryKey, includeArchived }),
    );
  }

  /** A product by global id or slug (exactly one), or null when absent or hidden. */
  async findProduct(ctx: Context, id: string | null | undefined, slug: string | null | undefined): Promise<ProductRow | null> {
    if ((id ? 1 : 0) + (slug ? 1 : 0) !== 1) throw badUserInput("Give exactly one of id or slug.", id ? "slug" : "id");
    const row = id
      ? await ctx.loaders.productById.load(keyFromGlobalId(id, "Product", "id"))
      : await ctx.loaders.productBySlug.load(slug!);
    return row && canSeeProduct(ctx.viewer, row) ? row : null;
  }

  rootCategories(): Promise<CategoryRow[]> {
    return this.prisma.category.findMany({ where: { parentId: null }, orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }] });
  }

  async findCategory(_ctx: Context, id: string | null | undefined, slug: string | null | undefined): Promise<CategoryRow | null> {
    if ((id ? 1 : 0) + (slug ? 1 : 0) !== 1) throw badUserInput("Give exactly one of id or slug.", id ? "slug" : "id");
    return this.prisma.category.findUnique({ where: id ? { id: keyFromGlobalId(id, "Category", "id") } : { slug: slug! } });
  }
}
