import type { Context } from "../../context";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { canSeeArchivedProducts } from "./catalog.policy";
import { primeProductPage } from "./product-look-ahead";
import type { ProductRelations } from "./product-relations";
import type { ProductRow } from "./product-rows";

const cursorScope = "products:NEWEST";

/**
 * `Category.products`: a category's products (its own and its sub-categories'), newest
 * first, batched through the request's loaders with every other category's page of the
 * request, and with what the selection of its products asks for (`relations`, primed into
 * the loaders). `totalCount` is counted only if asked.
 */
export async function categoryProductsPage(
  ctx: Context,
  categoryKey: string,
  args: ConnectionArgs,
  relations: ProductRelations,
): Promise<Page<ProductRow>> {
  const { cursors } = ctx.services;
  const after =
    args.after !== null && args.after !== undefined ? cursors.decode(args.after, cursorScope) : null;
  const includeArchived = canSeeArchivedProducts(ctx.request.viewer);
  const rows = await ctx.loaders.productPagesByCategory.load({
    categoryId: categoryKey,
    limit: pageSize(args) + 1,
    after: after ? [String(after[0]), String(after[1])] : null,
    includeArchived,
    relations,
  });
  const page = toPage(
    rows,
    pageSize(args),
    after,
    (row) => ({ node: row, cursor: () => cursors.encode(cursorScope, [row.sortKey, row.id]) }),
    () => ctx.loaders.productCountsByCategory.load({ categoryId: categoryKey, includeArchived }),
  );
  return primeProductPage(ctx, page, relations);
}
