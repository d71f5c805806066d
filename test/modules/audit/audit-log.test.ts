import { accountWithRoles, registerOk, staffAccount, type Account } from "../../helpers/accounts";
import { auditLog } from "../../helpers/audit-log";
import { describeAdminOperations } from "../../helpers/authorization";
import { createProductOk, updateVariant } from "../../helpers/catalog";
import { globalId } from "../../helpers/ids";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

/**
 * Reading the audit log (`auditLog`, ADMIN): newest first, keyset-paged, filtered by subject
 * and action; who may read it; refused input. And the log is append-only in the database
 * itself: UPDATE, DELETE and TRUNCATE fail as raw SQL.
 */

const t = useTestApp();
let admin: Account;
let staff: Account;
let customer: Account;
let variantIds: string[];

beforeAll(async () => {
  [admin, staff, customer] = [
    await accountWithRoles(t, ["ADMIN"]),
    await staffAccount(t),
    await registerOk(t),
  ];
  const product = await createProductOk(t, staff.token);
  variantIds = product.variants.map((variant) => variant.id);
  // Three price changes of the first variant, one of the second: oldest first.
  for (const price of ["20.00", "21.00", "22.00"])
    dataOf(await updateVariant(t, staff.token, { id: variantIds[0]!, price }));
  dataOf(await updateVariant(t, staff.token, { id: variantIds[1]!, quantityAvailable: 9 }));
});

describeAdminOperations({ auditLog: (token) => auditLog(t, { token }) }, () => ({
  staff: staff.token,
  admin: admin.token,
  customer: customer.token,
}));

test("newest first, in pages that follow each other by cursor, with the total count", async () => {
  const pages: string[][] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof auditLog>> = await auditLog(
      t,
      { token: admin.token },
      {
        first: 2,
        after,
        action: "variant.update",
      },
    );
    const connection = dataOf(page).auditLog;
    expect(connection.totalCount).toBe(4);
    pages.push(
      connection.edges.map((edge) => (edge.node.changes as { price?: { to: string } }).price?.to ?? "stock"),
    );
    after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor! : null;
  } while (after !== null);
  expect(pages).toEqual([
    ["stock", "22.00"],
    ["21.00", "20.00"],
  ]);
});

test("filters: subjectId (any type's global id) and action, alone and together", async () => {
  const bySubject = dataOf(await auditLog(t, { token: admin.token }, { subjectId: variantIds[0]! })).auditLog;
  expect(bySubject.edges.map((edge) => edge.node.subjectId)).toEqual([
    variantIds[0],
    variantIds[0],
    variantIds[0],
  ]);
  const both = dataOf(
    await auditLog(t, { token: admin.token }, { subjectId: variantIds[1]!, action: "variant.update" }),
  ).auditLog;
  expect(both.totalCount).toBe(1);
  const none = dataOf(await auditLog(t, { token: admin.token }, { action: "variant.delete" })).auditLog;
  expect(none).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false } });
  const otherObject = globalId("Order", "00000000-0000-4000-8000-000000000000");
  expect(
    dataOf(await auditLog(t, { token: admin.token }, { subjectId: otherObject })).auditLog.edges,
  ).toEqual([]);
});

test.each([
  ["a malformed subjectId", "subjectId", { subjectId: "not-an-id" }],
  ["a forged cursor", "after", { after: "abc.def" }],
  ["first: 0", "first", { first: 0 }],
  ["first: 101", "first", { first: 101 }],
])("%s: BAD_USER_INPUT naming %s", async (_label, field, variables) => {
  expectError(await auditLog(t, { token: admin.token }, variables), "BAD_USER_INPUT", field);
});

test("node(id) answers an entry to ADMIN only", async () => {
  const [edge] = dataOf(await auditLog(t, { token: admin.token }, { first: 1 })).auditLog.edges;
  const query = "query ($id: ID!) { node(id: $id) { __typename ... on AuditEntry { action } } }";
  const asAdmin = dataOf(await t.graphql(query, { id: edge!.node.id }, { token: admin.token }));
  expect(asAdmin).toEqual({ node: { __typename: "AuditEntry", action: "variant.update" } });
  expect(dataOf(await t.graphql(query, { id: edge!.node.id }, { token: staff.token }))).toEqual({
    node: null,
  });
});

describe("append-only in the database itself", () => {
  test.each([
    ["UPDATE", "UPDATE audit_entries SET action = 'rewritten'"],
    ["UPDATE of no row", "UPDATE audit_entries SET action = 'x' WHERE false"],
    ["DELETE", "DELETE FROM audit_entries"],
    ["TRUNCATE", "TRUNCATE audit_entries"],
  ])("%s as raw SQL fails, and every entry stays as it was", async (_label, sql) => {
    const before = await t.db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    await expect(t.db.prisma.$executeRawUnsafe(sql)).rejects.toThrow(/append-only/);
    expect(await t.db.prisma.auditEntry.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    expect(before.length).toBeGreaterThanOrEqual(4);
  });
});
