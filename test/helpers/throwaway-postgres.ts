import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (package postgresql-15). */
export const postgresBinDir = "/usr/lib/postgresql/15/bin";

/** Whether this machine can start a PostgreSQL server of a test's own. */
export const canStartThrowawayPostgres = existsSync(path.join(postgresBinDir, "pg_ctl"));

/** A PostgreSQL server only one test file uses, so that it may stop and restart it at will. */
export interface ThrowawayPostgres {
  /** Its `postgres` database, trust auth: a server URL for `TEST_DATABASE_URL`. */
  url: string;
  /** `pg_ctl restart -m fast`: connections are terminated, the server comes back at once. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its files. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** PostgreSQL refuses to run as root: then its tools run as the `postgres` user. */
function asServerUser(command: string, args: string[]): Promise<unknown> {
  const binary = path.join(postgresBinDir, command);
  return process.getuid?.() === 0
    ? run("runuser", ["-u", "postgres", "--", binary, ...args])
    : run(binary, args);
}

/**
 * Creates and starts a PostgreSQL 15 cluster in a fresh temporary folder, listening on
 * 127.0.0.1 at a free port (its socket in that folder), without fsync: it is thrown away.
 */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const folder = await mkdtemp(path.join(tmpdir(), "bazaar-pg-"));
  if (process.getuid?.() === 0) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: group } = await run("id", ["-g", "postgres"]);
    await chown(folder, Number(stdout), Number(group));
  }
  const dataDir = path.join(folder, "data");
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const pgCtl = (...args: string[]) =>
    asServerUser("pg_ctl", ["-D", dataDir, "-l", path.join(folder, "server.log"), "-w", "-t", "20", ...args]);
  await asServerUser("initdb", [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync",
    "--no-instructions",
  ]);
  await pgCtl("-o", serverOptions, "start");
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => void (await pgCtl("-o", serverOptions, "-m", "fast", "restart")),
    stop: async () => void (await pgCtl("-m", "fast", "stop")),
    start: async () => void (await pgCtl("-o", serverOptions, "start")),
    async destroy() {
      await pgCtl("-m", "immediate", "stop").catch(() => undefined);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
