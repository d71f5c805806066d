import type { AuditedFields } from "../audit/audit-changes";
import type { WebhookEndpointRow } from "./webhook.type";

/** An endpoint as the audit log shows it: never its signing secret. */
export function auditedEndpoint(
  row: Pick<WebhookEndpointRow, "url" | "events" | "active" | "disabledReason">,
): AuditedFields {
  return { url: row.url, events: row.events, active: row.active, disabledReason: row.disabledReason };
}
