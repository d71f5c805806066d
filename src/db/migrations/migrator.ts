import { readFile } from "node:fs/promises";
import { loadMigrationList, schemaPath } from "./migration-list";
import { withSchemaEngine, type SchemaFile } from "./schema-engine";

/** No tables or enums are managed outside Prisma. */
const noExternalObjects = { externalTables: [], externalEnums: [] };

export async function readCurrentSchema(): Promise<SchemaFile[]> {
  return [{ path: "schema.prisma", content: await readFile(schemaPath, "utf8") }];
}

/** What a start-up migration step did, and where. */
export interface MigrationRun {
  /** Names of the migrations applied now (none when the database was up to date). */
  applied: string[];
  /** The process that applied them: this one, or a migration process that has exited. */
  pid: number;
}

/**
 * Applies every migration in `prisma/migrations` that the database has not recorded yet,
 * in order, recorded in `_prisma_migrations` exactly as `prisma migrate deploy` would.
 * Returns the names of the migrations applied now.
 */
export async function applyPendingMigrations(connectionString: string): Promise<string[]> {
  const schema = await readCurrentSchema();
  return withSchemaEngine(connectionString, schema, async (engine) => {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: await loadMigrationList(),
      filters: noExternalObjects,
    });
    return appliedMigrationNames;
  });
}

/**
 * The SQL that turns a database shaped by `from` into one shaped by `to` (empty when they
 * agree). The engine compares the two data models; it needs a connection to open but
 * reads and writes nothing through it.
 */
export async function diffSchemas(
  connectionString: string,
  from: SchemaFile[],
  to: SchemaFile[],
): Promise<string> {
  return withSchemaEngine(connectionString, to, async (engine) => {
    const { stdout } = await engine.diff({
      from: { tag: "schemaDatamodel", files: from },
      to: { tag: "schemaDatamodel", files: to },
      script: true,
      exitCode: null,
      filters: noExternalObjects,
    });
    return stdout ?? "";
  });
}
