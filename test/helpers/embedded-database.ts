import { openAsBlob } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface ServedPGlite {
  db: PGlite;
  /** A `postgresql://` URL for any `pg` client on this machine. */
  connectionString: string;
  close(): Promise<void>;
}

/**
 * An in-memory PGlite served over TCP on a free loopback port, as src/db/embedded-postgres.ts
 * serves the app's (same socket settings), but optionally started from a data directory
 * dumped by `dumpDataDir`: loading one skips PGlite's initdb, which is most of a fresh
 * embedded database's start-up time.
 */
export async function serveEmbedded(tarball?: string): Promise<ServedPGlite> {
  const db =
    tarball === undefined
      ? await PGlite.create()
      : await PGlite.create({ loadDataDir: await openAsBlob(tarball) });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  return {
    db,
    connectionString: `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
