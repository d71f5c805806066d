import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyPendingMigrations } from "../../src/db/migrations/migrator";
import { serveEmbedded } from "./embedded-database";
import { seedTestShipping } from "./test-shop-shipping";

/**
 * Where each worker finds the run's migrated template: a database name on the
 * `TEST_DATABASE_URL` server, or the path of a dumped embedded data directory. Set by the
 * global setup before jest starts its workers, which inherit the environment.
 */
export const templateVariable = "BAZAAR_TEST_TEMPLATE";

/** Runs one statement on the server itself (CREATE/DROP DATABASE cannot run in a pool's transaction). */
export async function onServer(serverUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** `serverUrl` pointing at another database on the same server. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A name no other run on this machine (or another worker) will pick. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/**
 * Migrates one database for the whole run, gives it the test shop's shipping zones, and
 * returns where it is. Every test file then starts from a copy of it instead of from an
 * empty database, so `prisma/migrations` runs once per run; the app still runs its
 * start-up migration step on each copy, which finds nothing left to apply.
 */
export async function createTemplate(serverUrl: string | undefined): Promise<string> {
  if (serverUrl) {
    const name = uniqueDatabaseName("bazaar_template");
    await onServer(serverUrl, `CREATE DATABASE "${name}"`);
    await applyPendingMigrations(databaseUrl(serverUrl, name));
    await seedTestShipping(databaseUrl(serverUrl, name));
    // Nobody may connect to it from now on: a connection would make every copy fail.
    await onServer(serverUrl, `ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    return name;
  }
  const embedded = await serveEmbedded();
  try {
    await applyPendingMigrations(embedded.connectionString);
    await seedTestShipping(embedded.connectionString);
    const dir = await mkdtemp(path.join(os.tmpdir(), "bazaar-test-template-"));
    const tarball = path.join(dir, "migrated.tar");
    // Uncompressed: loading it is several times faster than a gzipped one, and it lives only for the run.
    const dump = await embedded.db.dumpDataDir("none");
    await writeFile(tarball, new Uint8Array(await dump.arrayBuffer()));
    return tarball;
  } finally {
    await embedded.close();
  }
}

export async function dropTemplate(serverUrl: string | undefined, template: string): Promise<void> {
  if (serverUrl) await onServer(serverUrl, `DROP DATABASE IF EXISTS "${template}"`);
  else await rm(path.dirname(template), { recursive: true, force: true });
}
