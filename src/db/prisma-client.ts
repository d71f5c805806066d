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
 * How long a transaction may wait for its connection, and run. Prisma's defaults (2 s, 5 s)
 * turn a burst of checkouts queued on a small pool — the embedded database has one
 * connection — into internal errors on a busy machine, although each would be served in
 * turn; a client would rather wait a little longer than lose its cart. Whatever waits longer
 * than this is refused rather than holding row locks and the pool indefinitely.
 */
const transactionOptions = { maxWait: 10_000, timeout: 10_000 };

/**
 * Prisma over our own `pg` pool (the query compiler is wasm: no native engine needed). The
 * driver's unclassified errors come out as `DriverError`s (see driver-errors.ts).
 */
export function createPrismaClient(pool: pg.Pool): PrismaClient {
  listenToLentConnections(pool);
  return new PrismaClient({ adapter: withDriverErrors(new PrismaPg(pool)), transactionOptions });
}
