import { accountWithRoles, registerOk, sha256, staffAccount } from "../../helpers/accounts";
import {
  apiClients,
  asClient,
  createApiClient,
  createApiClientOk,
  revokeApiClient,
  seedApiClient,
} from "../../helpers/api-clients";
import { describeAdminOperations, type CallAs } from "../../helpers/authorization";
import { errorCodes } from "../../helpers/graphql-client";
import { globalId, keyOf } from "../../helpers/ids";
import { dataOf, expectError } from "../../helpers/results";
import { useTestApp } from "../../helpers/test-app";

/** ADMIN's administration of API clients: create (token shown once), list, revoke; who may; what input is refused. */

const t = useTestApp();
let admin: string;
let staff: string;
let customer: string;

beforeAll(async () => {
  [admin, staff, customer] = [
    (await accountWithRoles(t, ["ADMIN"])).token,
    (await staffAccount(t)).token,
    (await registerOk(t)).token,
  ];
});

describe("createApiClient", () => {
  test("answers the token once (bzc_ and 256 random bits); the database keeps only its SHA-256, and no log line holds it", async () => {
    const { client, token } = await createApiClientOk(t, admin, { name: "  Storefront  ", roles: [] });
    expect(token).toMatch(/^bzc_[A-Za-z0-9_-]{43}$/);
    expect(client).toEqual({
      id: expect.any(String),
      name: "Storefront",
      roles: [],
      createdAt: expect.any(String),
      lastUsedAt: null,
      revokedAt: null,
    });
    const row = await t.db.prisma.apiClient.findUniqueOrThrow({ where: { id: keyOf(client.id) } });
    expect(Buffer.from(row.tokenHash).equals(Buffer.from(sha256(token)))).toBe(true);
    // Every column of every client, as text: the token is in none of them.
    const [everything] = await t.db.prisma.$queryRaw<{ dump: string }[]>`
      SELECT string_agg(c::text, ' ') AS dump FROM api_clients c`;
    expect(everything?.dump).not.toContain(token.slice(4));
    // Nothing shows it again: not the list, not node(id).
    expect(JSON.stringify(dataOf(await apiClients(t, admin)))).not.toContain(token.slice(4));
    // Using it logs the client's id, never the token.
    dataOf(await t.graphql("{ __typename }", {}, asClient(token)));
    const logs = JSON.stringify(t.logs);
    expect(logs).not.toContain(token.slice(4));
    expect(t.logs.some((line) => line["apiClientId"] === keyOf(client.id))).toBe(true);
  });

  test("two clients get different tokens; roles are kept once each, none given means storefront rights", async () => {
    const first = await createApiClientOk(t, admin, { name: "ERP sync", roles: ["STAFF", "STAFF"] });
    const second = dataOf(
      await t.graphql(
        'mutation { createApiClient(input: { name: "Mailer" }) { client { roles } token } }',
        {},
        { token: admin },
      ),
    ) as { createApiClient: { client: { roles: string[] }; token: string } };
    expect(first.client.roles).toEqual(["STAFF"]);
    expect(second.createApiClient.client.roles).toEqual([]);
    expect(second.createApiClient.token).not.toBe(first.token);
  });

  test.each([
    ["an empty name", "name", { name: "" }],
    ["a blank name", "name", { name: "   " }],
    ["a name of 101 characters", "name", { name: "x".repeat(101) }],
    ["the CUSTOMER role", "roles", { name: "Customerish", roles: ["CUSTOMER" as const] }],
  ])("%s: BAD_USER_INPUT naming %s, nothing written", async (_label, field, input) => {
    const before = await t.db.prisma.apiClient.count();
    expectError(await createApiClient(t, admin, input), "BAD_USER_INPUT", field);
    expect(await t.db.prisma.apiClient.count()).toBe(before);
  });

  test("a role that does not exist is refused before it runs (400)", async () => {
    const response = await t.graphql(
      "mutation ($input: CreateApiClientInput!) { createApiClient(input: $input) { token } }",
      { input: { name: "Bad role", roles: ["OWNER"] } },
      { token: admin },
    );
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("apiClients and revokeApiClient", () => {
  test("lists every client newest first, revoked ones too; revoking sets revokedAt once", async () => {
    const older = await createApiClientOk(t, admin, { name: "Older" });
    const newer = await createApiClientOk(t, admin, { name: "Newer", roles: ["ADMIN"] });
    const revoked = dataOf(await revokeApiClient(t, admin, older.client.id)).revokeApiClient;
    expect(revoked).toEqual({ ...older.client, revokedAt: expect.any(String) });
    // Again: nothing changes, the first revocation's time stays.
    expect(dataOf(await revokeApiClient(t, admin, older.client.id)).revokeApiClient).toEqual(revoked);

    const listed = dataOf(await apiClients(t, admin)).apiClients;
    const mine = listed.filter((client) => [older.client.id, newer.client.id].includes(client.id));
    expect(mine).toEqual([newer.client, revoked]);
    const times = listed.map((client) => Date.parse(client.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  test("a malformed id, another type's id: BAD_USER_INPUT naming id; an unknown client: NOT_FOUND", async () => {
    expectError(await revokeApiClient(t, admin, "not-an-id"), "BAD_USER_INPUT", "id");
    const product = globalId("Product", "00000000-0000-4000-8000-000000000000");
    expectError(await revokeApiClient(t, admin, product), "BAD_USER_INPUT", "id");
    const unknown = globalId("ApiClient", "00000000-0000-4000-8000-000000000000");
    expectError(await revokeApiClient(t, admin, unknown), "NOT_FOUND");
  });

  test("node(id) shows a client to ADMIN only: to staff, customers and anyone else it does not exist", async () => {
    const { id } = await seedApiClient(t, ["STAFF"]);
    const query = "query ($id: ID!) { node(id: $id) { id ... on ApiClient { name roles } } }";
    expect(dataOf(await t.graphql(query, { id }, { token: admin }))).toEqual({
      node: { id, name: "Seeded STAFF", roles: ["STAFF"] },
    });
    for (const token of [staff, customer, undefined])
      expect(await t.graphql(query, { id }, { token })).toEqual({ status: 200, data: { node: null } });
  });
});

describe("authorization", () => {
  /** Each operation with valid input, so only the caller decides. */
  const operations: Record<string, CallAs> = {
    apiClients: (token) => apiClients(t, token),
    createApiClient: (token) => createApiClient(t, token, { name: "Guarded" }),
    revokeApiClient: async (token) => revokeApiClient(t, token, (await seedApiClient(t)).id),
  };
  describeAdminOperations(operations, () => ({ staff, admin, customer }));

  test("API clients act with their roles: an ADMIN client may administer clients; STAFF and storefront clients are FORBIDDEN", async () => {
    const [adminClient, staffClient, storefront] = await Promise.all([
      seedApiClient(t, ["ADMIN"]),
      seedApiClient(t, ["STAFF"]),
      seedApiClient(t),
    ]);
    const asAdminClient = await t.graphql(
      'mutation { createApiClient(input: { name: "By a client" }) { client { name } } }',
      {},
      asClient(adminClient.token),
    );
    expect(asAdminClient.data).toEqual({ createApiClient: { client: { name: "By a client" } } });
    for (const { token } of [staffClient, storefront]) {
      const refused = await t.graphql("{ apiClients { id } }", {}, asClient(token));
      expect([refused.status, errorCodes(refused), refused.data ?? null]).toEqual([200, ["FORBIDDEN"], null]);
    }
  });
});
