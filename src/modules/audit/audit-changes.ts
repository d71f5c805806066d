import { toGlobalId } from "../../graphql/global-id";

/** A field's value as the audit log keeps it: plain JSON (dates as ISO strings; money as the API writes it, "19.99"). */
export type AuditValue = string | number | boolean | null | AuditValue[];

/** `{field: {from, to}}` for every field that changed. */
export type AuditChanges = Record<string, { from: AuditValue; to: AuditValue }>;

/** The audited fields of an object, by their API names. */
export type AuditedFields = Record<string, unknown>;

function auditValue(value: unknown): AuditValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(auditValue);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  throw new TypeError(`An audited field holds a ${typeof value}, which the audit log cannot keep.`);
}

/**
 * The fields whose values differ between `before` and `after` (null = the object did not
 * exist: a creation or a deletion). Only the fields named in either object are compared,
 * so a caller lists what is audited, and a secret it does not list never gets in.
 */
export function changesBetween(before: AuditedFields | null, after: AuditedFields | null): AuditChanges {
  const changes: AuditChanges = {};
  for (const field of new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])) {
    const from = auditValue(before?.[field]);
    const to = auditValue(after?.[field]);
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
  }
  return changes;
}

/** A reference in an audited object, as the API writes it (a global id), or null. */
export function auditedId(typeName: string, key: string | null): string | null {
  return key === null ? null : toGlobalId(typeName, key);
}
