import pg from "pg";
import { loadMigrationList } from "../../src/db/migrations/migration-list";
import { applyPendingMigrations } from "../../src/db/migrations/migrator";
import { databaseUrl, onServer, uniqueDatabaseName } from "../helpers/database-template";
import { waitFor } from "../helpers/wait-for";

/**
 * Several nodes (and the migration job) start at once on one PostgreSQL, and each applies
 * pending migrations at start-up. Prisma's schema engine takes a PostgreSQL advisory lock
 * around that, so they take turns: each migration is applied once, and a node that finds
 * another migrating waits for it. Several nodes share a real server, never the embedded
 * database (one process's), so this runs on a real server in both test runs.
 */

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
/** The key `prisma migrate` and its schema engine lock while they migrate. */
const prismaMigrationLockKey = 72707369;

async function withEmptyDatabase(use: (connectionString: string) => Promise<void>): Promise<void> {
  const name = uniqueDatabaseName("bazaar_startup_migrations");
  await onServer(serverUrl, `CREATE DATABASE "${name}"`);
  try {
    await use(databaseUrl(serverUrl, name));
  } finally {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

async function allMigrationNames(): Promise<string[]> {
  return (await loadMigrationList()).migrationDirectories.map((directory) => directory.path);
}

test("nodes starting at once on an empty database apply each migration exactly once", async () => {
  await withEmptyDatabase(async (connectionString) => {
    const appliedByEachNode = await Promise.all(
      [1, 2, 3, 4].map(() => applyPendingMigrations(connectionString)),
    );
    expect(appliedByEachNode.flat().sort()).toEqual(await allMigrationNames());

    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
        "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name",
      );
      expect(rows).toEqual(
        (await allMigrationNames()).map((name) => ({ migration_name: name, finished: true })),
      );
    } finally {
      await client.end();
    }
  });
});

test("a node waits while another holds the migration lock, and migrates once it is released", async () => {
  await withEmptyDatabase(async (connectionString) => {
    const otherNode = new pg.Client({ connectionString });
    await otherNode.connect();
    try {
      await otherNode.query("SELECT pg_advisory_lock($1)", [prismaMigrationLockKey]);
      let settled = false;
      const starting = applyPendingMigrations(connectionString).finally(() => {
        settled = true;
      });
      // The starting node is queued on the lock, and has applied nothing.
      await waitFor(
        async () =>
          (
            await otherNode.query<{ waiting: number }>(
              "SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted",
              [prismaMigrationLockKey],
            )
          ).rows[0]!.waiting,
        (waiting) => waiting === 1,
      );
      expect(settled).toBe(false);
      const tables = await otherNode.query("SELECT 1 FROM pg_tables WHERE tablename = '_prisma_migrations'");
      expect(tables.rowCount).toBe(0);

      await otherNode.query("SELECT pg_advisory_unlock($1)", [prismaMigrationLockKey]);
      expect((await starting).sort()).toEqual(await allMigrationNames());
    } finally {
      await otherNode.end();
    }
  });
});
