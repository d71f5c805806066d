import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { withDriverErrors } from "./driver-errors";

export type { PrismaClient };

/**
 * Prisma's transactions borrow a connection with `pool.connect()`, which resolves a few
 * microtasks before the adapter listens to it. A PostgreSQL shutting down sends its FATAL in
 * that gap (in the same read as a new connection's ReadyForQuery), and an 'error' event nobody
 * hears ends the process. So each connection gets a listener when it is first lent out; the
 * borrower still learns of the failure, as its next query fails.
 */
function listenToLentConnections(pool: pg.Pool): void {
  const listened = new WeakSet<pg.PoolClient>();
  pool.on("acquire", (client) => {
    if (listened.has(client)) return;
    listened.add(client);
    client.on("error", () => undefined);
  });
}

/**
 * Prisma over our own `pg` pool (the query compiler is wasm: no native engine needed). The
 * driver's unclassified errors come out as `DriverError`s (see driver-errors.ts).
 */
export function createPrismaClient(pool: pg.Pool): PrismaClient {
  listenToLentConnections(pool);
  return new PrismaClient({ adapter: withDriverErrors(new PrismaPg(pool)) });
}
