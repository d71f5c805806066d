import { GraphQLJSON } from "graphql-scalars";
import { Field, ID, ObjectType } from "type-graphql";
import type { Prisma } from "../../generated/prisma/client";
import { connectionType, type Connection, type Page } from "../../graphql/connection";
import { toGlobalId } from "../../graphql/global-id";
import { Node } from "../../graphql/node";

export const auditEntrySelect = {
  id: true,
  action: true,
  actorId: true,
  apiClientId: true,
  subjectType: true,
  subjectKey: true,
  changes: true,
  requestId: true,
  createdAt: true,
} as const satisfies Prisma.AuditEntrySelect;
export type AuditEntryRow = Prisma.AuditEntryGetPayload<{ select: typeof auditEntrySelect }>;

@ObjectType("AuditEntry", {
  simpleResolvers: true,
  implements: Node,
  description:
    "One staff or API-client action that changed the shop. Append-only: no API or SQL role of the app can change or delete an entry.",
})
export class AuditEntryType extends Node {
  @Field(() => ID, { description: "Opaque global id (encodes type and key)." })
  declare id: string;

  @Field({
    description:
      "e.g. product.update, variant.update, order.refund, discount_code.create, webhook_endpoint.create, api_client.revoke",
  })
  action: string;

  /** Database keys of who acted, for the `actor` and `apiClient` fields; not part of the schema. */
  actorKey: string | null;
  apiClientKey: string | null;

  @Field(() => ID, { nullable: true, description: "The global id of the object changed." })
  subjectId: string | null;

  @Field(() => GraphQLJSON, {
    description: 'What changed: {"field": {"from": ..., "to": ...}}; secrets never appear.',
  })
  changes: Prisma.JsonValue;

  @Field(() => String, {
    nullable: true,
    description: "The id of the request that made the change (as in the logs).",
  })
  requestId: string | null;

  @Field({ description: "When the change was made." })
  createdAt: Date;

  static from(row: AuditEntryRow): AuditEntryType {
    return Object.assign(new AuditEntryType(), {
      id: toGlobalId("AuditEntry", row.id),
      action: row.action,
      actorKey: row.actorId,
      apiClientKey: row.apiClientId,
      subjectId:
        row.subjectType !== null && row.subjectKey !== null
          ? toGlobalId(row.subjectType, row.subjectKey)
          : null,
      changes: row.changes,
      requestId: row.requestId,
      createdAt: row.createdAt,
    });
  }
}

export const AuditEntryConnection = connectionType(AuditEntryType, "AuditEntry");

export function toAuditEntryConnection(page: Page<AuditEntryRow>): Connection<AuditEntryType> {
  return AuditEntryConnection.from({
    ...page,
    items: page.items.map(({ node, cursor }) => ({ node: AuditEntryType.from(node), cursor })),
  });
}
