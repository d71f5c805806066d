import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { lockDataDir } from "./data-dir-lock";

export interface EmbeddedPostgres {
  /** A `postgresql://` URL for any `pg` client on this machine. */
  connectionString: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over TCP on 127.0.0.1 at a port the
 * OS picks, so Prisma and the migration engine reach it as they would a real server.
 * PGlite is ONE database session: every client must use a single connection, and work
 * must not overlap (the migrations run before the app's pool opens).
 *
 * @param dataDir folder the data persists in; in memory when absent (tests, scratch work).
 */
export async function startEmbeddedPostgres(dataDir?: string): Promise<EmbeddedPostgres> {
  const unlock = dataDir ? await lockDataDir(dataDir) : async () => undefined;
  const db = await PGlite.create(dataDir).catch(async (error: unknown) => {
    await unlock();
    throw error;
  });
  // A few sockets, not one: a client that has just closed its connection must not lock
  // out the next one while its socket winds down. PGlite's queue keeps a transaction's
  // statements together.
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 8 });
  await server.start();
  const hostAndPort = server.getServerConn();
  return {
    connectionString: `postgresql://postgres@${hostAndPort}/postgres?sslmode=disable`,
    async close() {
      await server.stop();
      await db.close();
      await unlock();
    },
  };
}
