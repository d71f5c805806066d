import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres";

export interface TestDatabase {
  /** Empty database, only for this test file. */
  connectionString: string;
  /** The embedded database is one session: its clients must use a single connection. */
  poolSize: number;
  kind: "embedded" | "postgresql";
  drop(): Promise<void>;
}

/**
 * A fresh, empty database for one test file, so files run in parallel and never see each
 * other's rows: a new in-memory embedded PostgreSQL by default, or, when
 * `TEST_DATABASE_URL` names a server, a new database created on it (dropped afterwards).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres();
    return {
      connectionString: embedded.connectionString,
      poolSize: 1,
      kind: "embedded",
      drop: () => embedded.close(),
    };
  }
  const name = `bazaar_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    connectionString: url.toString(),
    poolSize: 5,
    kind: "postgresql",
    async drop() {
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
