import { formatMinorUnits } from "../../graphql/money";
import type { AuditedFields } from "../audit/audit-changes";
import { discountValueText, type DiscountCodeRow } from "./discount-code.type";

/** What staff set on a discount code, as the API names it (`timesUsed` is the shop's doing, not staff's). */
export function auditedDiscountCode(row: DiscountCodeRow): AuditedFields {
  return {
    code: row.code,
    type: row.type,
    value: discountValueText(row),
    minimumSubtotal: row.minimumSubtotalAmount === null ? null : formatMinorUnits(row.minimumSubtotalAmount),
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    usageLimit: row.usageLimit,
    usageLimitPerCustomer: row.usageLimitPerCustomer,
    active: row.active,
  };
}
