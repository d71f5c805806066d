import type { NodeSource } from "../../graphql/node-directory";
import { canReadAuditLog } from "./audit.policy";
import { AuditEntryType } from "./audit-entry.type";

/** Audit entries answer `node(id)` to ADMIN only; to anyone else they do not exist. */
export const auditNodeSources: NodeSource[] = [
  {
    typeName: "AuditEntry",
    async load(ctx, key) {
      if (!canReadAuditLog(ctx.request.viewer)) return null;
      const row = await ctx.services.auditLog.findEntryRow(ctx.request, key);
      return row && AuditEntryType.from(row);
    },
  },
];
