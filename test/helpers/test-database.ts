import { databaseUrl, onServer, templateVariable, uniqueDatabaseName } from "./database-template";
import { serveEmbedded } from "./embedded-database";

export interface TestDatabase {
  /** A database only for this test file, already migrated when the run has a template. */
  connectionString: string;
  /** The embedded database is one session: its clients must use a single connection. */
  poolSize: number;
  kind: "embedded" | "postgresql";
  drop(): Promise<void>;
}

/**
 * A database for one test file, so files run in parallel and never see each other's rows:
 * a new in-memory embedded PostgreSQL by default, or, when `TEST_DATABASE_URL` names a
 * server, a new database created on it (dropped afterwards). Either starts as a copy of
 * the run's migrated template (see global-setup.ts); without one (jest run without its
 * global setup) it starts empty and the app migrates it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = process.env[templateVariable];
  if (!serverUrl) {
    const embedded = await serveEmbedded(template);
    return {
      connectionString: embedded.connectionString,
      poolSize: 1,
      kind: "embedded",
      drop: () => embedded.close(),
    };
  }
  return createDatabaseOnServer(serverUrl, template);
}

/**
 * A new database on the PostgreSQL server at `serverUrl` (dropped by `drop`): a copy of
 * `template` (a database on that server) when given, else empty (the app migrates it).
 */
export async function createDatabaseOnServer(
  serverUrl: string,
  template: string | undefined,
): Promise<TestDatabase> {
  const name = uniqueDatabaseName("bazaar_test");
  await onServer(
    serverUrl,
    `CREATE DATABASE "${name}"${template === undefined ? "" : ` TEMPLATE "${template}"`}`,
  );
  return {
    connectionString: databaseUrl(serverUrl, name),
    poolSize: 5,
    kind: "postgresql",
    drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
