import { AuditLogDocument, type AuditEntryFieldsFragment, type AuditLogQueryVariables } from "../../client";
import { dataOf } from "./results";
import type { GraphQLResponse, RequestOptions, TestApp } from "./test-app";
import type { AuditLogQuery } from "../../client";

/** The audit log through the SDK's operation (client/operations/audit-log.graphql). */

export function auditLog(
  t: Pick<TestApp, "graphql">,
  options: RequestOptions,
  variables: AuditLogQueryVariables = {},
): Promise<GraphQLResponse<AuditLogQuery>> {
  return t.graphql(AuditLogDocument, variables, options);
}

/** Every entry about `subjectId`, newest first, as ADMIN reads them. */
export async function entriesAbout(
  t: Pick<TestApp, "graphql">,
  adminToken: string,
  subjectId: string,
): Promise<AuditEntryFieldsFragment[]> {
  const page = dataOf(await auditLog(t, { token: adminToken }, { subjectId, first: 100 })).auditLog;
  return page.edges.map((edge) => edge.node);
}
