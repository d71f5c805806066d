import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadMigrationList } from "../../src/db/migrations/migration-list";
import { graphqlAt } from "../helpers/graphql-client";
import { serverBuild } from "../helpers/server-build";
import { ServerProcess } from "../helpers/server-process";
import { createDatabaseOnServer } from "../helpers/test-database";

/**
 * The server applies its start-up migrations in a process of its own, which has exited
 * before the server serves (src/db/migrations/migration-process.ts): Prisma's schema engine
 * is WebAssembly, and its memory stays for as long as the process that ran it. Runs the
 * compiled server as `npm start` does on an empty database: the embedded one (a bare
 * machine, demo shop seeded), or a new database on TEST_DATABASE_URL's server.
 */

/** Starting may include compiling the server (once per version of the sources). */
jest.setTimeout(180_000);

interface EmptyDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function emptyDatabase(): Promise<EmptyDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const database = await createDatabaseOnServer(serverUrl, undefined);
    return {
      env: { DATABASE_URL: database.connectionString, BAZAAR_SEED_DEMO: "false" },
      drop: database.drop,
    };
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bazaar-migration-process-"));
  return {
    env: { BAZAAR_DATA_DIR: dataDir, BAZAAR_SEED_DEMO: "true" },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

test("applies every migration in a child process that has ended before the server serves", async () => {
  const database = await emptyDatabase();
  const server = new ServerProcess({
    name: "server",
    mainScript: await serverBuild(),
    env: { NODE_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "info", ...database.env },
    waitForRedis: false,
    onLine: () => undefined,
  });
  try {
    await server.start();
    const ready = server.logs.find((record) => record.msg === "database ready");
    const migrations = (await loadMigrationList()).migrationDirectories.map((directory) => directory.path);
    expect(ready).toMatchObject({ appliedMigrations: migrations });
    const migrationPid = ready!.migrationPid as number;
    expect(typeof migrationPid).toBe("number");
    expect(migrationPid).not.toBe(server.pid);
    expect(processExists(migrationPid)).toBe(false);

    expect((await graphqlAt(server.baseUrl)("{ __typename }")).data).toEqual({ __typename: "Query" });
  } finally {
    await server.kill("SIGTERM");
    await database.drop();
  }
});
