import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm" with { "resolution-mode": "import" };

/** Where the project keeps its schema and migrations, from both `src/` and `dist/`. */
export const prismaDir = path.resolve(__dirname, "../../../prisma");
export const migrationsDir = path.join(prismaDir, "migrations");
export const schemaPath = path.join(prismaDir, "schema.prisma");

const lockfileName = "migration_lock.toml";

async function readOptional(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * Loads `prisma/migrations` the way the Prisma CLI does. Paths are relative to the
 * migrations folder, as the CLI passes them, because the engine records them in
 * `_prisma_migrations` and `prisma migrate status` compares against that.
 */
export async function loadMigrationList(dir: string = migrationsDir): Promise<MigrationList> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => {
      const sql = await readOptional(path.join(dir, name, "migration.sql"));
      return {
        path: name,
        migrationFile: {
          path: "migration.sql",
          content:
            sql === null
              ? { tag: "error" as const, value: "migration.sql is missing" }
              : { tag: "ok" as const, value: sql },
        },
      };
    }),
  );
  return {
    baseDir: dir,
    lockfile: { path: lockfileName, content: await readOptional(path.join(dir, lockfileName)) },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/**
 * Each migration folder keeps a copy of `schema.prisma` as it stood after that migration,
 * written by `npm run db:diff`. New migrations are the diff from the newest copy to the
 * current schema. (Prisma would instead replay the migrations into a shadow database and
 * introspect it, but its wasm engine cannot introspect through the `pg` adapter: PostgreSQL's
 * catalog has `"char"` columns the adapter refuses.)
 */
export const schemaSnapshotName = "schema.prisma";

/** The newest migration's schema snapshot, or null when there are no migrations yet. */
export async function latestSchemaSnapshot(
  dir: string = migrationsDir,
): Promise<{ migration: string; content: string } | null> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const newest = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .at(-1);
  if (newest === undefined) return null;
  const content = await readOptional(path.join(dir, newest, schemaSnapshotName));
  if (content === null)
    throw new Error(`migration ${newest} has no ${schemaSnapshotName} snapshot to diff from`);
  return { migration: newest, content };
}
