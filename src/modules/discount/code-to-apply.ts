import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import { badUserInput } from "../../graphql/errors";
import { discountCodeSelect, type DiscountCodeRow } from "./discount-code.type";
import { usesByCustomer } from "./discount-uses";
import { whyCodeDoesNotApply } from "./discount-validity";

/**
 * The code a customer typed, if it applies to a cart of `subtotal` now. A signed-in
 * customer who has spent their uses of it hears so here; a guest's email is known only
 * at checkout, which checks again.
 *
 * @throws BAD_USER_INPUT naming `code` when it is unknown (case ignored), inactive, not
 *   yet started, ended, used up, or the subtotal is below its minimum.
 */
export async function codeToApply(
  ctx: RequestContext,
  typed: string,
  subtotal: number,
): Promise<DiscountCodeRow> {
  const tx = transactionOf(ctx);
  // lower(code) is what the unique index holds: one index lookup, and codes differing in case are one code.
  const [match] = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM discount_codes WHERE lower(code) = lower(${typed.trim()})`;
  const code =
    match && (await tx.discountCode.findUnique({ where: { id: match.id }, select: discountCodeSelect }));
  if (!code) throw badUserInput(`There is no discount code "${typed.trim()}".`, "code");
  const problem = whyCodeDoesNotApply(code, subtotal, new Date()) ?? (await customerUsedItUp(ctx, code));
  if (problem) throw badUserInput(problem, "code");
  return code;
}

async function customerUsedItUp(ctx: RequestContext, code: DiscountCodeRow): Promise<string | null> {
  const userId = ctx.viewer.userId;
  if (code.usageLimitPerCustomer === null || !userId) return null;
  const tx = transactionOf(ctx);
  const { email } = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
  return (await usesByCustomer(tx, code.id, email)) >= code.usageLimitPerCustomer
    ? `You have used the code "${code.code}" as often as one customer may.`
    : null;
}
