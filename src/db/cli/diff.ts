import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded-postgres";
import { latestSchemaSnapshot, migrationsDir, schemaSnapshotName } from "../migrations/migration-list";
import { diffSchemas, readCurrentSchema } from "../migrations/migrator";

/**
 * `npm run db:diff -- <name>`: writes `prisma/migrations/<timestamp>_<name>/migration.sql`
 * with the SQL that takes the last migration's schema to the current `schema.prisma`,
 * plus the new snapshot. Edit the SQL by hand where Prisma cannot express a thing
 * (generated columns, CHECK constraints), then restart: migrations apply at start-up.
 */
async function main(): Promise<void> {
  const name = (process.argv[2] ?? "schema_change")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
  const current = await readCurrentSchema();
  const snapshot = await latestSchemaSnapshot();
  // The engine insists on a connection; a throwaway in-memory database serves.
  const scratch = await startEmbeddedPostgres();
  let sql: string;
  try {
    sql = await diffSchemas(
      scratch.connectionString,
      snapshot ? [{ path: "schema.prisma", content: snapshot.content }] : [],
      current,
    );
  } finally {
    await scratch.close();
  }
  if (!/^\s*(ALTER|CREATE|DROP|COMMENT)\b/im.test(sql)) {
    console.log(`No schema changes since ${snapshot?.migration ?? "the start"}.`);
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(migrationsDir, `${stamp}_${name || "schema_change"}`);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql);
  await writeFile(path.join(dir, schemaSnapshotName), current[0]!.content);
  console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, then restart to apply.`);
}

main().catch((error: unknown) => {
  console.error(`db:diff: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
