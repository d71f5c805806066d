import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import { isUniqueViolation } from "../../db/errors";
import { transactionOf, type Transactions } from "../../db/transactions";
import { DiscountType } from "../../generated/prisma/enums";
import { pageSize, toPage, type ConnectionArgs, type Page } from "../../graphql/connection";
import { newestFirstEdge, newestFirstSeek, type CursorCodec } from "../../graphql/cursor";
import { badUserInput, conflict, notFound } from "../../graphql/errors";
import { keyFromGlobalId } from "../../graphql/global-id";
import { parseMoneyAmount } from "../../graphql/money";
import { recordCreation, recordUpdate } from "../audit/record-audit";
import { parsePercent } from "../pricing/percent";
import { auditedDiscountCode } from "./discount-audit";
import { discountCodeSelect, type DiscountCodeRow } from "./discount-code.type";
import type { CreateDiscountCodeInput, UpdateDiscountCodeInput } from "./discount.inputs";

/** The stored value of a code: basis points (PERCENTAGE), minor units (FIXED_AMOUNT), 0 (FREE_SHIPPING). */
function storedValue(type: DiscountType, value: string): number {
  switch (type) {
    case DiscountType.PERCENTAGE:
      return parsePercent(value, "value", { min: 1, max: 100 });
    case DiscountType.FIXED_AMOUNT: {
      const amount = parseMoneyAmount(value, "value");
      if (amount === 0) throw badUserInput("value must be above 0 for a FIXED_AMOUNT code.", "value");
      return amount;
    }
    case DiscountType.FREE_SHIPPING:
      if (parseMoneyAmount(value, "value") !== 0)
        throw badUserInput("value must be 0 for a FREE_SHIPPING code.", "value");
      return 0;
  }
}

function assertEndsAfterStart(startsAt: Date | null, endsAt: Date | null | undefined): void {
  if (startsAt && endsAt && endsAt <= startsAt)
    throw badUserInput("endsAt must be after startsAt.", "endsAt");
}

const listScope = "discount-codes";

/** Staff administration of discount codes. Applying them to carts and orders is checkout's. */
export class DiscountService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly transactions: Transactions,
    private readonly cursors: CursorCodec,
  ) {}

  findDiscountCodeRow(_ctx: RequestContext, key: string): Promise<DiscountCodeRow | null> {
    return this.prisma.discountCode.findUnique({ where: { id: key }, select: discountCodeSelect });
  }

  /** Newest first, keyset-paged. */
  async listDiscountCodes(_ctx: RequestContext, args: ConnectionArgs): Promise<Page<DiscountCodeRow>> {
    const after =
      args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, listScope) : null;
    const rows = await this.prisma.discountCode.findMany({
      where: newestFirstSeek(after),
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: pageSize(args) + 1,
      select: discountCodeSelect,
    });
    return toPage(rows, pageSize(args), after, newestFirstEdge(this.cursors, listScope), () =>
      this.prisma.discountCode.count(),
    );
  }

  /** @throws CONFLICT naming `code` when a code equal to it but for case exists, or is created meanwhile. */
  async createDiscountCode(ctx: RequestContext, input: CreateDiscountCodeInput): Promise<DiscountCodeRow> {
    const value = storedValue(input.type, input.value);
    const minimumSubtotalAmount =
      input.minimumSubtotal === null || input.minimumSubtotal === undefined
        ? null
        : parseMoneyAmount(input.minimumSubtotal, "minimumSubtotal");
    assertEndsAfterStart(input.startsAt ?? null, input.endsAt);
    const taken = () => conflict(`The code "${input.code}" is already taken (codes ignore case).`, "code");
    try {
      return await this.transactions.withTransaction(ctx, async (ctx) => {
        const tx = transactionOf(ctx);
        const [existing] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM discount_codes WHERE lower(code) = lower(${input.code})`;
        if (existing) throw taken();
        const created = await tx.discountCode.create({
          data: {
            code: input.code,
            type: input.type,
            value,
            minimumSubtotalAmount,
            startsAt: input.startsAt ?? null,
            endsAt: input.endsAt ?? null,
            usageLimit: input.usageLimit ?? null,
            usageLimitPerCustomer: input.usageLimitPerCustomer ?? null,
          },
          select: discountCodeSelect,
        });
        await recordCreation(
          ctx,
          "discount_code.create",
          { type: "DiscountCode", key: created.id },
          auditedDiscountCode(created),
        );
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }

  /** Absent fields stay; an explicit null `endsAt` or `usageLimit` removes the end or the limit. */
  async updateDiscountCode(ctx: RequestContext, input: UpdateDiscountCodeInput): Promise<DiscountCodeRow> {
    const id = keyFromGlobalId(input.id, "DiscountCode", "id");
    return this.transactions.withTransaction(ctx, async (ctx) => {
      const tx = transactionOf(ctx);
      const before = await tx.discountCode.findUnique({ where: { id }, select: discountCodeSelect });
      if (!before) throw notFound("Discount code");
      assertEndsAfterStart(before.startsAt, input.endsAt);
      const after = await tx.discountCode.update({
        where: { id },
        data: { active: input.active ?? undefined, endsAt: input.endsAt, usageLimit: input.usageLimit },
        select: discountCodeSelect,
      });
      await recordUpdate(
        ctx,
        "discount_code.update",
        { type: "DiscountCode", key: id },
        auditedDiscountCode(before),
        auditedDiscountCode(after),
      );
      return after;
    });
  }
}
