import { accountWithRoles } from "../../helpers/accounts";
import { apiClients, asClient, seedApiClient } from "../../helpers/api-clients";
import { dataOf } from "../../helpers/results";
import { startNodeOn, useTestApp, type TestNode } from "../../helpers/test-app";

/**
 * `lastUsedAt` is written at most once a minute per client, never per request: each node
 * skips the write for a minute after its own (no statement at all), and the write is
 * conditional, so other nodes add nothing within the minute either.
 */

const t = useTestApp();
const nodes: TestNode[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.close()));
});

/**
 * Counts UPDATE statements on api_clients (a statement-level trigger fires even when no row
 * matches: every attempt) and rows they changed (a row-level trigger).
 */
beforeAll(async () => {
  for (const statement of [
    "CREATE TABLE api_client_updates (kind text NOT NULL)",
    `CREATE FUNCTION count_api_client_update() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN INSERT INTO api_client_updates VALUES (TG_LEVEL); RETURN NULL; END $$`,
    `CREATE TRIGGER api_client_update_statements AFTER UPDATE ON api_clients
       FOR EACH STATEMENT EXECUTE FUNCTION count_api_client_update()`,
    `CREATE TRIGGER api_client_update_rows AFTER UPDATE ON api_clients
       FOR EACH ROW EXECUTE FUNCTION count_api_client_update()`,
  ])
    await t.db.prisma.$executeRawUnsafe(statement);
});

async function updates(): Promise<{ statements: number; rows: number }> {
  const [counts] = await t.db.prisma.$queryRaw<{ statements: number; rows: number }[]>`
    SELECT count(*) FILTER (WHERE kind = 'STATEMENT')::int AS statements,
           count(*) FILTER (WHERE kind = 'ROW')::int AS rows
    FROM api_client_updates`;
  return counts!;
}

async function lastUsedAt(key: string): Promise<Date | null> {
  return (await t.db.prisma.apiClient.findUniqueOrThrow({ where: { id: key } })).lastUsedAt;
}

async function use(node: Pick<TestNode, "graphql">, token: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) dataOf(await node.graphql("{ __typename }", {}, asClient(token)));
}

test("many requests within a minute, on two nodes: one write", async () => {
  const client = await seedApiClient(t);
  const startedAt = Date.now();
  await use(t, client.token, 40);
  expect(await updates()).toEqual({ statements: 1, rows: 1 });
  const written = await lastUsedAt(client.key);
  expect(written!.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);

  // Another node has not written this client yet: it tries once, and its condition finds
  // the row written within the minute. Nothing changes.
  const other = await startNodeOn(t);
  nodes.push(other);
  await use(other, client.token, 20);
  expect(await updates()).toEqual({ statements: 2, rows: 1 });
  expect(await lastUsedAt(client.key)).toEqual(written);
});

test("a minute after a write, the next request writes again: once per node memory, once in the database", async () => {
  const client = await seedApiClient(t);
  await use(t, client.token, 1);
  const before = await updates();
  // As if the write were a minute and a half old. This node remembers writing it just now
  // and does not try again (no statement); a node that does not remember writes it.
  const stale = new Date(Date.now() - 90_000);
  await t.db.prisma.apiClient.update({ where: { id: client.key }, data: { lastUsedAt: stale } });
  const afterBackdating = await updates();
  expect(afterBackdating).toEqual({ statements: before.statements + 1, rows: before.rows + 1 });
  await use(t, client.token, 10);
  expect(await updates()).toEqual(afterBackdating);
  expect(await lastUsedAt(client.key)).toEqual(stale);

  const fresh = await startNodeOn(t);
  nodes.push(fresh);
  await use(fresh, client.token, 10);
  expect(await updates()).toEqual({
    statements: afterBackdating.statements + 1,
    rows: afterBackdating.rows + 1,
  });
  expect((await lastUsedAt(client.key))!.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
});

test("apiClients shows it: null until the client's first request, then when that was", async () => {
  const admin = (await accountWithRoles(t, ["ADMIN"])).token;
  const client = await seedApiClient(t);
  const shown = async () =>
    dataOf(await apiClients(t, admin)).apiClients.find((listed) => listed.id === client.id)?.lastUsedAt;
  expect(await shown()).toBeNull();
  await use(t, client.token, 1);
  expect(await shown()).toBe((await lastUsedAt(client.key))!.toISOString());
});
