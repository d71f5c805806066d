import { formatMinorUnits } from "../../graphql/money";
import { auditedId, type AuditedFields } from "../audit/audit-changes";
import type { ShippingMethodRow } from "./shipping.type";

/** What staff set on a shipping method, as the API names it. */
export function auditedShippingMethod(row: ShippingMethodRow): AuditedFields {
  return {
    zoneId: auditedId("ShippingZone", row.zoneId),
    name: row.name,
    price: formatMinorUnits(row.priceAmount),
    freeAbove: row.freeAboveAmount === null ? null : formatMinorUnits(row.freeAboveAmount),
    minDeliveryDays: row.minDeliveryDays,
    maxDeliveryDays: row.maxDeliveryDays,
    active: row.active,
  };
}
