import type { RequestContext } from "../../common/request-context";
import type { PrismaClient } from "../../db/prisma-client";
import type { Prisma } from "../../generated/prisma/client";
import { pageSize, toPage, type Page } from "../../graphql/connection";
import { newestFirstEdge, newestFirstSeek, type CursorCodec } from "../../graphql/cursor";
import { badUserInput } from "../../graphql/errors";
import { parseGlobalId } from "../../graphql/global-id";
import type { AuditLogArgs } from "./audit-log.inputs";
import { auditEntrySelect, type AuditEntryRow } from "./audit-entry.type";

const auditLogScope = "audit-log";

/** `subjectId` and `action` as a filter; every combination has an index that ends in (createdAt, id). */
function auditLogFilter(args: AuditLogArgs): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = {};
  if (args.subjectId !== null && args.subjectId !== undefined) {
    const subject = parseGlobalId(args.subjectId);
    if (!subject) throw badUserInput("subjectId is not a valid id.", "subjectId");
    where.subjectType = subject.typeName;
    where.subjectKey = subject.key;
  }
  if (args.action !== null && args.action !== undefined) where.action = args.action;
  return where;
}

/** ADMIN's reading of the audit log (entries are written by `recordAudit`). */
export class AuditLogService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly cursors: CursorCodec,
  ) {}

  /** Newest first, keyset-paged. */
  async listEntries(_ctx: RequestContext, args: AuditLogArgs): Promise<Page<AuditEntryRow>> {
    const where = auditLogFilter(args);
    const after =
      args.after !== null && args.after !== undefined ? this.cursors.decode(args.after, auditLogScope) : null;
    const rows = await this.prisma.auditEntry.findMany({
      where: { AND: [where, newestFirstSeek(after)] },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: pageSize(args) + 1,
      select: auditEntrySelect,
    });
    return toPage(rows, pageSize(args), after, newestFirstEdge(this.cursors, auditLogScope), () =>
      this.prisma.auditEntry.count({ where }),
    );
  }

  findEntryRow(_ctx: RequestContext, key: string): Promise<AuditEntryRow | null> {
    return this.prisma.auditEntry.findUnique({ where: { id: key }, select: auditEntrySelect });
  }
}
