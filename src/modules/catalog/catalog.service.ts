import type { RequestContext } from "../../common/request-context";
import type { DirectSql } from "../../db/direct-sql";
import type { PrismaClient } from "../../db/prisma-client";
import type { Page } from "../../graphql/connection";
import { pageSize, toPage } from "../../graphql/connection";
import type { CursorCodec } from "../../graphql/cursor";
import { badUserInput } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { parseMoneyAmount } from "../../graphql/money";
import { canSeeArchivedProducts } from "./catalog.policy";
import type { CategoryRow } from "./category-rows";
import { lookupKey } from "./lookup-key";
import type { ProductFilter, ProductsArgs } from "./catalog.inputs";
import {
  countProducts,
  selectProductPage,
  toListedProductRow,
  type ProductListQuery,
  type RawListedProduct,
} from "./product-listing";
import type { ProductOrdering } from "./product-ordering";
import {
  noRelations,
  relationColumns,
  type ProductRelations,
  type ProductRowWithRelations,
} from "./product-relations";

/** What a product list is asked for with (the `products` arguments, or a category's). */
export type ProductListRequest = Pick<ProductsArgs, "first" | "after" | "filter" | "search" | "sortBy">;

function parseSearch(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw.includes("\u0000")) throw badUserInput("search must not contain NUL characters.", "search");
  const search = raw.trim();
  return search === "" ? null : search;
}

function parsePrice(raw: string | null | undefined, field: string): number | null {
  return raw === null || raw === undefined ? null : parseMoneyAmount(raw, field);
}

export interface CatalogSettings {
  /** RELEVANCE ranks at most this many matches of a search (`BAZAAR_SEARCH_RANK_LIMIT`). */
  searchRankLimit: number;
}

/** Catalog reads: product lists, single products and categories. */
export class CatalogService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: DirectSql,
    private readonly cursors: CursorCodec,
    private readonly settings: CatalogSettings,
  ) {}

  private toListQuery(
    ctx: RequestContext,
    filter: ProductFilter | null | undefined,
    search: string | null,
    ordering: ProductOrdering,
  ): ProductListQuery {
    const minPrice = parsePrice(filter?.minPrice, "filter.minPrice");
    const maxPrice = parsePrice(filter?.maxPrice, "filter.maxPrice");
    if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) {
      throw badUserInput("filter.minPrice must not be above filter.maxPrice.", "filter.minPrice");
    }
    return {
      ordering,
      categoryId: filter?.categoryId
        ? keyFromGlobalId(filter.categoryId, "Category", "filter.categoryId")
        : null,
      includeSubcategories: filter?.includeSubcategories ?? true,
      minPrice,
      maxPrice,
      inStock: filter?.inStock ?? null,
      search,
      includeArchived: canSeeArchivedProducts(ctx.viewer),
      rankLimit: this.settings.searchRankLimit,
    };
  }

  /** A page of products; with `relations`, each row carries them (see product-relations.ts). */
  async listProducts(
    ctx: RequestContext,
    args: ProductListRequest,
    relations: ProductRelations = noRelations,
  ): Promise<Page<ProductRowWithRelations>> {
    const search = parseSearch(args.search);
    const ordering = args.sortBy ?? (search ? "RELEVANCE" : "NEWEST");
    if (ordering === "RELEVANCE" && !search) throw badUserInput("sortBy RELEVANCE needs a search.", "sortBy");
    const query = this.toListQuery(ctx, args.filter, search, ordering);
    const cursorScope = `products:${ordering}`;
    const after =
      args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, cursorScope) : null;
    const raw = await this.sql.rows<RawListedProduct & ProductRowWithRelations>(
      selectProductPage(query, after, pageSize(args) + 1, relationColumns(relations)),
    );
    return toPage(
      raw.map(toListedProductRow),
      pageSize(args),
      after,
      (row) => ({ node: row, cursor: () => this.cursors.encode(cursorScope, [row.sortKey, row.id]) }),
      async () => (await this.sql.rows<{ count: number }>(countProducts(query)))[0]?.count ?? 0,
    );
  }

  rootCategories(_ctx: RequestContext): Promise<CategoryRow[]> {
    return this.prisma.category.findMany({
      where: { parentId: null },
      orderBy: [{ position: "asc" }, { name: "asc" }, { id: "asc" }],
    });
  }

  async findCategory(
    _ctx: RequestContext,
    id: string | null | undefined,
    slug: string | null | undefined,
  ): Promise<CategoryRow | null> {
    const key = lookupKey(id, slug);
    return this.prisma.category.findUnique({
      where: "id" in key ? { id: keyFromGlobalId(key.id, "Category", "id") } : key,
    });
  }
}
