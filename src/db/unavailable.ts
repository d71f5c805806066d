import { isDriverAdapterError, type DriverAdapterError } from "@prisma/driver-adapter-utils";
import { types } from "node:util";
import pg from "pg";
import { Prisma } from "../generated/prisma/client";
import { DriverError } from "./driver-errors";

/**
 * SQLSTATEs for "this server cannot serve a connection right now": class 08 (connection
 * exception), 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting
 * up or shutting down), 53300 too_many_connections.
 */
function isUnavailableSqlState(code: unknown): boolean {
  return (
    typeof code === "string" && (code.startsWith("08") || ["57P01", "57P02", "57P03", "53300"].includes(code))
  );
}

/** Prisma's codes for the same: server unreachable, timed out, gone, or no connection to be had. */
const unavailablePrismaCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

/** Prisma's adapter kinds (`DriverAdapterError.cause.kind`) for the same. */
const unavailableAdapterKinds = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

/** Node's errno codes for a connection that could not be made or was lost. */
const socketFailureCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNABORTED",
  "EAI_AGAIN",
]);

/**
 * pg 8 and pg-pool 3 report a lost connection, an ended pool and a connect timeout with plain
 * `Error`s that have no code: the message is the only signal they give. It is read only on the
 * `cause` of a `DriverError` (so the error did come out of the driver), compared whole, and a
 * test checks that each one is still in the installed pg source.
 */
export const pgConnectionFailureMessages: ReadonlySet<string> = new Set([
  "Connection terminated", // pg: the connection closed under a query
  "Connection terminated unexpectedly", // pg: the server closed the connection
  "Client has encountered a connection error and is not queryable", // pg: used after such a close
  "Client was closed and is not queryable", // pg
  "Connection terminated due to connection timeout", // pg-pool: connecting took too long
  "timeout exceeded when trying to connect", // pg-pool: no connection free in time
  "Cannot use a pool after calling end on the pool", // pg-pool: shutting down
]);

function isSocketFailure(error: unknown): boolean {
  if (!types.isNativeError(error)) return false;
  // Node's system errors carry the errno and the syscall that failed besides the code.
  const { code, errno, syscall } = error as NodeJS.ErrnoException;
  return typeof errno === "number" && typeof syscall === "string" && socketFailureCodes.has(code ?? "");
}

function isUnavailableAdapterError(error: DriverAdapterError): boolean {
  const cause = error.cause;
  if (unavailableAdapterKinds.has(cause.kind)) return true;
  return cause.kind === "postgres" && isUnavailableSqlState(cause.originalCode ?? cause.code);
}

function asDriverAdapterError(value: unknown): DriverAdapterError | undefined {
  return types.isNativeError(value) && isDriverAdapterError(value) ? value : undefined;
}

/** This one error, not its causes. */
function saysUnavailable(error: Error): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (unavailablePrismaCodes.has(error.code)) return true;
    // P2010 (raw queries), P2039 (other database errors) and the like keep the SQLSTATE or
    // the adapter's kind only in the adapter error they wrap.
    const adapterError = asDriverAdapterError(error.meta?.driverAdapterError);
    return adapterError !== undefined && isUnavailableAdapterError(adapterError);
  }
  if (error instanceof Prisma.PrismaClientInitializationError)
    return unavailablePrismaCodes.has(error.errorCode ?? "");
  const adapterError = asDriverAdapterError(error);
  if (adapterError) return isUnavailableAdapterError(adapterError);
  if (error instanceof pg.DatabaseError) return isUnavailableSqlState(error.code);
  if (error instanceof DriverError) {
    return (
      isSocketFailure(error.cause) ||
      (types.isNativeError(error.cause) && pgConnectionFailureMessages.has(error.cause.message))
    );
  }
  return false;
}

/**
 * Whether an error (or one in its `cause` chain) means the database cannot be reached right
 * now: such failures are the service's, temporary, and answered with SERVICE_UNAVAILABLE
 * rather than masked as an internal bug. Judged by class and code (SQLSTATE, errno, Prisma's
 * code or adapter kind), never by what a message says.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // isNativeError, not instanceof: Node's own errors (sockets) may come from another realm.
  for (let current = error, depth = 0; types.isNativeError(current) && depth < 8; depth++) {
    if (saysUnavailable(current)) return true;
    current = current.cause;
  }
  return false;
}
