import { isStaff, type Viewer } from "../../auth/viewer";
import type { RequestContext } from "../../common/request-context";
import { transactionOf } from "../../db/transactions";
import { changesBetween, type AuditChanges, type AuditedFields } from "./audit-changes";

/** What an entry is about: a GraphQL type name and the database key (together: its global id). */
export interface AuditSubject {
  type: string;
  key: string;
}

export interface AuditRecord {
  /** `<subject>.<verb>` in snake case, e.g. `variant.update`, `webhook_endpoint.disable`. */
  action: string;
  subject: AuditSubject;
  changes: AuditChanges;
}

/**
 * Whose actions the audit log keeps: staff's, API clients' and Bazaar's own. A customer
 * acting on what is theirs (cancelling their own order) is not running the shop; through an
 * API client they are recorded, with the client named.
 */
function isAudited(viewer: Viewer): boolean {
  return isStaff(viewer) || viewer.apiClientId !== undefined;
}

/**
 * Writes one audit entry in the transaction the change runs in, so the entry exists exactly
 * when the change does. Who acted comes from `ctx`: the session's user, the API client, and
 * the request id. Callers pass only the fields they audit (see `changesBetween`), never a
 * secret, token or password hash.
 */
export async function recordAudit(ctx: RequestContext, record: AuditRecord): Promise<void> {
  if (!isAudited(ctx.viewer)) return;
  await transactionOf(ctx).$executeRaw`
    INSERT INTO audit_entries (action, actor_id, api_client_id, subject_type, subject_key, changes, request_id)
    VALUES (${record.action}, ${ctx.viewer.userId}::uuid, ${ctx.viewer.apiClientId ?? null}::uuid,
            ${record.subject.type}, ${record.subject.key}::uuid, ${JSON.stringify(record.changes)}::jsonb,
            ${ctx.requestId})`;
}

/**
 * An update's entry: the audited fields that differ between `before` and `after`. An update
 * that changed none of them changed nothing in the shop, and writes no entry.
 */
export async function recordUpdate(
  ctx: RequestContext,
  action: string,
  subject: AuditSubject,
  before: AuditedFields,
  after: AuditedFields,
): Promise<void> {
  const changes = changesBetween(before, after);
  if (Object.keys(changes).length > 0) await recordAudit(ctx, { action, subject, changes });
}

/** A creation's entry: every audited field, from null. */
export function recordCreation(
  ctx: RequestContext,
  action: string,
  subject: AuditSubject,
  created: AuditedFields,
): Promise<void> {
  return recordAudit(ctx, { action, subject, changes: changesBetween(null, created) });
}
