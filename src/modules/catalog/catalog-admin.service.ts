import type { RequestContext } from "../../common/request-context";
import { isUniqueViolation } from "../../db/errors";
import { transactionOf, type Transactions } from "../../db/transactions";
import type { ChangeEvents } from "../../events/change-events";
import { Prisma } from "../../generated/prisma/client";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { parseMoneyAmount } from "../../graphql/money";
import type {
  CreateCategoryInput,
  CreateProductInput,
  UpdateProductInput,
  UpdateVariantInput,
} from "./catalog-admin.inputs";
import { categorySelect, type CategoryRow } from "./category-rows";
import { toNewVariants, variantField, type NewVariant } from "./new-variants";
import { refreshProductAggregates } from "./product-aggregates";
import { productSelect, type ProductRow } from "./product-rows";
import { chooseSlug } from "./slug";
import { variantSelect, type VariantRow } from "./variant-rows";
import { recordCreation, recordUpdate } from "../audit/record-audit";
import type { WebhookEvents } from "../webhook/webhook-events";
import { auditedCategory, auditedProduct, auditedVariant } from "./catalog-audit";

/** A deeper tree is a navigation nobody can use, and every subtree query walks it. */
export const maxCategoryDepth = 5;

/** Each retry lets at least one more of the racing writers through. */
const generatedSlugRetries = 5;

function slugRetries(chosen: string | null | undefined): number {
  return chosen === null || chosen === undefined ? generatedSlugRetries : 0;
}

function optionalKey(id: string | null | undefined, typeName: string, field: string): string | null {
  return id === null || id === undefined ? null : keyFromGlobalId(id, typeName, field);
}

/** The unique index refused a write another request won in the meantime: a CONFLICT, not a crash. */
function raceAsConflict(error: unknown): unknown {
  if (isUniqueViolation(error, "slug")) return conflict("This slug was taken meanwhile; try again.", "slug");
  if (isUniqueViolation(error, "sku"))
    return conflict("One of these SKUs was taken meanwhile; try again.", "variants");
  return error;
}

async function assertCategoryExists(ctx: RequestContext, categoryId: string, field: string): Promise<void> {
  const found = await transactionOf(ctx).category.findUnique({
    where: { id: categoryId },
    select: { id: true },
  });
  if (!found) throw badUserInput(`${field} does not exist.`, field);
}

async function assertTaxClassExists(ctx: RequestContext, taxClassId: string): Promise<void> {
  if (!(await transactionOf(ctx).taxClass.findUnique({ where: { id: taxClassId }, select: { id: true } })))
    throw badUserInput("taxClassId does not exist.", "taxClassId");
}

async function assertSkusFree(ctx: RequestContext, variants: readonly NewVariant[]): Promise<void> {
  const taken = await transactionOf(ctx).productVariant.findFirst({
    where: { sku: { in: variants.map((v) => v.sku) } },
    select: { sku: true },
  });
  if (!taken) return;
  const index = variants.findIndex((v) => v.sku === taken.sku);
  throw conflict(`SKU "${taken.sku}" is already used by another variant.`, variantField(index, "sku"));
}

/** Depth of a category counted from its root (a root is 1); null when it does not exist. */
async function categoryDepth(ctx: RequestContext, categoryId: string): Promise<number | null> {
  // The depth bound in the recursion keeps a corrupt (cyclic) tree from looping forever.
  const [row] = await transactionOf(ctx).$queryRaw<{ depth: number | null }[]>(Prisma.sql`
    WITH RECURSIVE chain AS (
      SELECT id, parent_id, 1 AS depth FROM categories WHERE id = ${categoryId}::uuid
      UNION ALL
      SELECT c.id, c.parent_id, chain.depth + 1 FROM categories c JOIN chain ON c.id = chain.parent_id
      WHERE chain.depth <= ${maxCategoryDepth}
    )
    SELECT max(depth)::int AS depth FROM chain`);
  return row?.depth ?? null;
}

/**
 * Staff writes to the catalog. Each is one transaction; product aggregates are refreshed
 * inside it, and product writes emit their webhook event (PRODUCT_*) in it.
 */
export class CatalogAdminService {
  constructor(
    private readonly transactions: Transactions,
    private readonly changes: ChangeEvents,
    private readonly webhookEvents: WebhookEvents,
  ) {}

  async createProduct(ctx: RequestContext, input: CreateProductInput): Promise<ProductRow> {
    const variants = toNewVariants(input.variants);
    const categoryId = optionalKey(input.categoryId, "Category", "categoryId");
    const taxClassId = optionalKey(input.taxClassId, "TaxClass", "taxClassId");
    const name = input.name.trim();
    return this.transaction(
      ctx,
      async (ctx) => {
        const tx = transactionOf(ctx);
        if (categoryId !== null) await assertCategoryExists(ctx, categoryId, "categoryId");
        if (taxClassId !== null) await assertTaxClassExists(ctx, taxClassId);
        await assertSkusFree(ctx, variants);
        const slug = await this.productSlug(ctx, input.slug, name);
        const { id } = await tx.product.create({
          data: {
            name,
            slug,
            description: input.description.trim(),
            imageUrls: input.imageUrls ?? [],
            categoryId,
            taxClassId,
          },
          select: { id: true },
        });
        await tx.productVariant.createMany({
          data: variants.map((variant) => ({ ...variant, productId: id })),
        });
        await refreshProductAggregates(ctx, [id]);
        await this.webhookEvents.productChanged(ctx, id, "PRODUCT_CREATED");
        const product = await tx.product.findUniqueOrThrow({ where: { id }, select: productSelect });
        await recordCreation(
          ctx,
          "product.create",
          { type: "Product", key: id },
          { ...auditedProduct(product), slug, variants: variants.map((variant) => variant.sku) },
        );
        return product;
      },
      slugRetries(input.slug),
    );
  }

  /** Name, description, images, category and tax class; the slug stays, as links to the product use it. */
  async updateProduct(ctx: RequestContext, input: UpdateProductInput): Promise<ProductRow> {
    const id = keyFromGlobalId(input.id, "Product", "id");
    // Absent: unchanged; an explicit null takes the product out of its category.
    const categoryId =
      input.categoryId === undefined ? undefined : optionalKey(input.categoryId, "Category", "categoryId");
    const taxClassId =
      input.taxClassId === undefined ? undefined : optionalKey(input.taxClassId, "TaxClass", "taxClassId");
    return this.transaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const before = await tx.product.findUnique({ where: { id }, select: productSelect });
      if (!before) throw notFound("Product");
      if (categoryId) await assertCategoryExists(ctx, categoryId, "categoryId");
      if (taxClassId) await assertTaxClassExists(ctx, taxClassId);
      const product = await tx.product.update({
        where: { id },
        data: {
          name: input.name?.trim() ?? undefined,
          description: input.description?.trim() ?? undefined,
          imageUrls: input.imageUrls ?? undefined,
          categoryId,
          taxClassId,
        },
        select: productSelect,
      });
      await this.webhookEvents.productChanged(ctx, id, "PRODUCT_UPDATED");
      await recordUpdate(
        ctx,
        "product.update",
        { type: "Product", key: id },
        auditedProduct(before),
        auditedProduct(product),
      );
      return product;
    });
  }

  /** Hides the product from the shop (orders and staff still read it). Archiving twice changes nothing. */
  async archiveProduct(ctx: RequestContext, productId: string): Promise<ProductRow> {
    const id = keyFromGlobalId(productId, "Product", "id");
    const row = await this.transaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const { count } = await tx.product.updateMany({
        where: { id, archivedAt: null },
        data: { archivedAt: new Date() },
      });
      const product = await tx.product.findUnique({ where: { id }, select: productSelect });
      // Archiving twice changes nothing, and says nothing the second time.
      if (count > 0 && product) {
        await this.webhookEvents.productChanged(ctx, id, "PRODUCT_ARCHIVED");
        await recordUpdate(
          ctx,
          "product.archive",
          { type: "Product", key: id },
          { archivedAt: null },
          {
            archivedAt: product.archivedAt,
          },
        );
      }
      return product;
    });
    if (!row) throw notFound("Product");
    return row;
  }

  async updateVariant(ctx: RequestContext, input: UpdateVariantInput): Promise<VariantRow> {
    const id = keyFromGlobalId(input.id, "ProductVariant", "id");
    const priceAmount =
      input.price === null || input.price === undefined ? undefined : parseMoneyAmount(input.price, "price");
    return this.transaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const before = await tx.productVariant.findUnique({ where: { id }, select: variantSelect });
      if (!before) throw notFound("Product variant");
      const variant = await tx.productVariant.update({
        where: { id },
        data: {
          priceAmount,
          quantityAvailable: input.quantityAvailable ?? undefined,
          name: input.name?.trim() ?? undefined,
        },
        select: variantSelect,
      });
      await refreshProductAggregates(ctx, [variant.productId]);
      await this.changes.productsChanged(ctx, [variant.productId]);
      await this.webhookEvents.productChanged(ctx, variant.productId, "PRODUCT_UPDATED");
      await recordUpdate(
        ctx,
        "variant.update",
        { type: "ProductVariant", key: id },
        auditedVariant(before),
        auditedVariant(variant),
      );
      return variant;
    });
  }

  /** A root category, or a child of `parentId`, placed after its siblings. */
  async createCategory(ctx: RequestContext, input: CreateCategoryInput): Promise<CategoryRow> {
    const parentId = optionalKey(input.parentId, "Category", "parentId");
    const name = input.name.trim();
    return this.transaction(
      ctx,
      async (ctx) => {
        const tx = transactionOf(ctx);
        if (parentId !== null) {
          const parentDepth = await categoryDepth(ctx, parentId);
          if (parentDepth === null) throw badUserInput("parentId does not exist.", "parentId");
          if (parentDepth >= maxCategoryDepth) {
            throw badUserInput(
              `Categories nest at most ${maxCategoryDepth} levels deep; this parent is at level ${parentDepth}.`,
              "parentId",
            );
          }
        }
        const slug = await this.categorySlug(ctx, input.slug, name);
        const last = await tx.category.aggregate({ where: { parentId }, _max: { position: true } });
        const position = (last._max.position ?? -1) + 1;
        const category = await tx.category.create({
          data: { name, slug, parentId, position },
          select: categorySelect,
        });
        await recordCreation(
          ctx,
          "category.create",
          { type: "Category", key: category.id },
          auditedCategory(category),
        );
        return category;
      },
      slugRetries(input.slug),
    );
  }

  /**
   * Runs `work` in one transaction. When a GENERATED slug loses a race with a concurrent
   * write, generating it again (up to `slugRetries` times) picks the next free one; every
   * other unique violation is a CONFLICT.
   */
  private async transaction<T>(
    ctx: RequestContext,
    work: (ctx: RequestContext) => Promise<T>,
    slugRetries = 0,
  ): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.transactions.withTransaction(ctx, work);
      } catch (error) {
        if (attempt < slugRetries && isUniqueViolation(error, "slug")) continue;
        throw raceAsConflict(error);
      }
    }
  }

  private productSlug(ctx: RequestContext, chosen: string | null | undefined, name: string): Promise<string> {
    return chooseSlug(chosen, name, "product", async (candidates) =>
      (
        await transactionOf(ctx).product.findMany({
          where: { slug: { in: candidates } },
          select: { slug: true },
        })
      ).map((p) => p.slug),
    );
  }

  private categorySlug(
    ctx: RequestContext,
    chosen: string | null | undefined,
    name: string,
  ): Promise<string> {
    return chooseSlug(chosen, name, "category", async (candidates) =>
      (
        await transactionOf(ctx).category.findMany({
          where: { slug: { in: candidates } },
          select: { slug: true },
        })
      ).map((c) => c.slug),
    );
  }
}
