import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres";
import { latestSchemaSnapshot, schemaPath } from "../src/db/migrations/migration-list";
import { applyPendingMigrations, diffSchemas } from "../src/db/migrations/migrator";
import { createTestDatabase } from "./helpers/test-database";

test("schema.prisma has no changes missing from prisma/migrations (run `npm run db:diff`)", async () => {
  const snapshot = await latestSchemaSnapshot();
  // The engine compares the two schemas and only needs a connection: the file's own test database will do.
  const scratch = await createTestDatabase();
  try {
    const sql = await diffSchemas(
      scratch.connectionString,
      [{ path: "schema.prisma", content: snapshot!.content }],
      [{ path: "schema.prisma", content: readFileSync(schemaPath, "utf8") }],
    );
    expect(sql).not.toMatch(/^\s*(ALTER|CREATE|DROP)\b/im);
  } finally {
    await scratch.drop();
  }
});

test("migrations apply once and are recorded in _prisma_migrations", async () => {
  const db = await startEmbeddedPostgres();
  try {
    const first = await applyPendingMigrations(db.connectionString);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyPendingMigrations(db.connectionString)).toEqual([]);
    const client = new pg.Client({ connectionString: db.connectionString });
    await client.connect();
    const { rows } = await client.query<{ migration_name: string; finished: boolean }>(
      "SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name",
    );
    await client.end();
    expect(rows).toEqual(first.map((name) => ({ migration_name: name, finished: true })));
    expect(path.isAbsolute(rows[0]!.migration_name)).toBe(false);
  } finally {
    await db.close();
  }
});
